// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// Seed S3's record contract (an EMR anchored by its IPFS hash, for a patient, readable by
/// those the patient authorised), written as medchain's Ethereum peer in the performance
/// comparison (docs/PERFORMANCE.md): the same work as `emrPointers.addRecord` and
/// `accessControl.grantAccess`, on an Ethereum development node.
contract MedicalRecords {
    /// A record's pointer: whose it is, who anchored it, the ciphertext's digest and CID.
    struct Record {
        address patient;
        address author;
        bytes32 contentHash;
        bytes cid;
    }

    /// Registered medical staff (S3: staff register their account before they anchor).
    mapping(address => bool) public isStaff;
    /// patient => reader => the time (Unix seconds) until which the reader may read and
    /// anchor the patient's records; 0 for none.
    mapping(address => mapping(address => uint64)) public authorisedUntil;
    /// Every record, by id.
    Record[] private records;

    event StaffRegistered(address indexed staff);
    event ReaderAuthorised(address indexed patient, address indexed reader, uint64 until);
    event RecordAdded(uint256 indexed id, address indexed patient, address indexed author, bytes32 contentHash);

    /// The caller is not registered staff.
    error NotStaff();
    /// The patient has not authorised the caller (or the authorisation expired).
    error NotAuthorised();
    /// No record has this id.
    error NoSuchRecord();

    /// Registers the caller as medical staff.
    function registerStaff() external {
        isStaff[msg.sender] = true;
        emit StaffRegistered(msg.sender);
    }

    /// The caller, a patient, authorises `reader` until `until`.
    function authorise(address reader, uint64 until) external {
        authorisedUntil[msg.sender][reader] = until;
        emit ReaderAuthorised(msg.sender, reader, until);
    }

    /// Anchors a record for `patient`: the caller must be staff the patient authorised.
    function addRecord(address patient, bytes32 contentHash, bytes calldata cid) external returns (uint256 id) {
        if (!isStaff[msg.sender]) revert NotStaff();
        if (!mayRead(patient, msg.sender)) revert NotAuthorised();
        id = records.length;
        records.push(Record(patient, msg.sender, contentHash, cid));
        emit RecordAdded(id, patient, msg.sender, contentHash);
    }

    /// A record's digest and CID, for its patient or a reader the patient authorised.
    function record(uint256 id) external view returns (bytes32 contentHash, bytes memory cid) {
        if (id >= records.length) revert NoSuchRecord();
        Record storage r = records[id];
        if (msg.sender != r.patient && !mayRead(r.patient, msg.sender)) revert NotAuthorised();
        return (r.contentHash, r.cid);
    }

    function mayRead(address patient, address reader) private view returns (bool) {
        return authorisedUntil[patient][reader] >= block.timestamp;
    }
}
