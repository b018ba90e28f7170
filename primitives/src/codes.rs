//! The shapes of the codes medchain keeps on chain. A code names something in a code system
//! (GMDN, SNOMED CT, IMDRF, DICOM, IEEE 11073, GS1); a field that accepts only its code
//! system's shape cannot carry a sentence, a name or a date of birth, and stays readable by
//! every member's systems. The calls check the shapes (the types' length bounds are
//! unchanged); whether a well-shaped code exists in its code system is for the members'
//! systems, which hold the code systems themselves.
//!
//! | field | accepted | example |
//! | --- | --- | --- |
//! | device type | `GMDN:` and a GMDN term code (5 digits), or `SCT:` and a SNOMED CT concept id | `GMDN:47264`, `SCT:14106009` |
//! | model | a catalogue or reference number, as GS1's AI 240 carries it: 1 to 30 characters of GS1's character set 82 | `5076-52` |
//! | version | 1 to 20 letters, digits, `.`, `-`, `+` or `_`, starting with a letter or digit | `2.1.0` |
//! | modality | `DCM:` and a DICOM modality (2 to 4 upper-case letters or digits), or `MDC:` and an IEEE 11073-10101 reference id (`MDC_`, then upper-case letters, digits and `_`) or numeric code | `DCM:ECG`, `MDC:MDC_DEV_ANALY_SAT_O2_MDS` |
//! | adverse-event code | `IMDRF:` and an IMDRF Annex A (device problem) code: `A` and 2, 4 or 6 digits | `IMDRF:A050202` |
//! | outcome code | `IMDRF:` and an Annex E (clinical signs) or F (health impact) code, or `SCT:` and a SNOMED CT concept id | `IMDRF:E0601` |
//! | location | `GLN:` and a GS1 Global Location Number (13 digits, the last its check digit), then optionally `.` and the location's extension (1 to 14 upper-case letters or digits, as GS1's AI 254 extends a GLN) | `GLN:0614141000012.ICU3` |
//! | reason | a token of 1 to 32 upper-case letters, digits, `-`, `_`, `.` and `:`, starting with a letter | `FSCA-2026-17`, `IMDRF:C01` |
//! | lot, serial | GS1's AI 10 and AI 21: 1 to 20 characters of character set 82 | `LOT-A17` |
//!
//! A shape narrows what a careless or hostile member can write, it cannot make a token
//! meaningless: `SMITH` is a well-shaped reason. docs/privacy.md says what stays with the
//! members.

/// GS1's character set 82 (GS1 General Specifications, figure 7.11-1): the characters of
/// alphanumeric GS1 element strings.
pub fn is_cset82(byte: u8) -> bool {
	byte.is_ascii_alphanumeric() || b"!\"%&'()*+,-./:;<=>?_".contains(&byte)
}

fn is_upper_alphanumeric(byte: &u8) -> bool {
	byte.is_ascii_uppercase() || byte.is_ascii_digit()
}

/// Whether a GS1 key's last digit is its check digit (GS1 General Specifications §7.9.1:
/// weights 3 and 1 alternate from the right, the check digit brings the sum to a multiple of
/// ten). GTINs and GLNs carry one.
pub fn gs1_check_digit_ok(digits: &[u8]) -> bool {
	if digits.len() < 2 || !digits.iter().all(u8::is_ascii_digit) {
		return false;
	}
	let Some((check, body)) = digits.split_last() else { return false };
	let sum: u32 = body
		.iter()
		.rev()
		.enumerate()
		.map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
		.sum();
	(10 - sum % 10) % 10 == u32::from(check - b'0')
}

/// Whether `digits` end in their Verhoeff check digit (the dihedral group D5 scheme SNOMED CT
/// identifiers use).
fn verhoeff_ok(digits: &[u8]) -> bool {
	const D: [[u8; 10]; 10] = [
		[0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
		[1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
		[2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
		[3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
		[4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
		[5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
		[6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
		[7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
		[8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
		[9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
	];
	const P: [[u8; 10]; 8] = [
		[0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
		[1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
		[5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
		[8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
		[9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
		[4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
		[2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
		[7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
	];
	let check = digits
		.iter()
		.rev()
		.enumerate()
		.fold(0u8, |c, (i, d)| D[usize::from(c)][usize::from(P[i % 8][usize::from(d - b'0')])]);
	check == 0
}

/// A SNOMED CT concept id: 6 to 18 digits without a leading zero, a concept's partition
/// identifier (`00`, or `10` in an extension's namespace) before the Verhoeff check digit.
fn is_sctid_concept(id: &[u8]) -> bool {
	(6..=18).contains(&id.len())
		&& id.iter().all(u8::is_ascii_digit)
		&& id[0] != b'0'
		&& matches!(&id[id.len() - 3..id.len() - 1], b"00" | b"10")
		&& verhoeff_ok(id)
}

/// An IMDRF adverse-event terminology code of one of `annexes`: the annex letter and 2, 4 or
/// 6 digits (levels 1 to 3).
fn is_imdrf(code: &[u8], annexes: &[u8]) -> bool {
	match code.split_first() {
		Some((annex, digits)) => {
			annexes.contains(annex)
				&& matches!(digits.len(), 2 | 4 | 6)
				&& digits.iter().all(u8::is_ascii_digit)
		},
		None => false,
	}
}

/// A device's type: a GMDN term code or a SNOMED CT concept.
pub fn is_device_type(code: &[u8]) -> bool {
	match code {
		[b'G', b'M', b'D', b'N', b':', term @ ..] => {
			term.len() == 5 && term.iter().all(u8::is_ascii_digit)
		},
		[b'S', b'C', b'T', b':', id @ ..] => is_sctid_concept(id),
		_ => false,
	}
}

/// A model's catalogue or reference number.
pub fn is_model(code: &[u8]) -> bool {
	(1..=30).contains(&code.len()) && code.iter().all(|b| is_cset82(*b))
}

/// A hardware or software version.
pub fn is_version(code: &[u8]) -> bool {
	(1..=20).contains(&code.len())
		&& code[0].is_ascii_alphanumeric()
		&& code.iter().all(|b| b.is_ascii_alphanumeric() || b".-+_".contains(b))
}

/// A device's modality: DICOM's or IEEE 11073's.
pub fn is_modality(code: &[u8]) -> bool {
	match code {
		[b'D', b'C', b'M', b':', modality @ ..] => {
			(2..=4).contains(&modality.len()) && modality.iter().all(is_upper_alphanumeric)
		},
		[b'M', b'D', b'C', b':', b'M', b'D', b'C', b'_', reference @ ..] => {
			!reference.is_empty()
				&& reference.iter().all(|b| is_upper_alphanumeric(b) || *b == b'_')
		},
		[b'M', b'D', b'C', b':', numeric @ ..] => {
			(1..=10).contains(&numeric.len()) && numeric.iter().all(u8::is_ascii_digit)
		},
		_ => false,
	}
}

/// What went wrong with a device, in an adverse-event report: an IMDRF device-problem code.
pub fn is_event_code(code: &[u8]) -> bool {
	matches!(code, [b'I', b'M', b'D', b'R', b'F', b':', rest @ ..] if is_imdrf(rest, b"A"))
}

/// What it did to the patient: an IMDRF health-effect code or a SNOMED CT concept.
pub fn is_outcome_code(code: &[u8]) -> bool {
	match code {
		[b'I', b'M', b'D', b'R', b'F', b':', rest @ ..] => is_imdrf(rest, b"EF"),
		[b'S', b'C', b'T', b':', id @ ..] => is_sctid_concept(id),
		_ => false,
	}
}

/// Where a device is kept: a GLN, with the custodian's extension for a room or ward.
pub fn is_location(code: &[u8]) -> bool {
	let [b'G', b'L', b'N', b':', rest @ ..] = code else { return false };
	let (gln, extension) = match rest.iter().position(|b| *b == b'.') {
		Some(dot) => (&rest[..dot], Some(&rest[dot + 1..])),
		None => (rest, None),
	};
	gln.len() == 13
		&& gs1_check_digit_ok(gln)
		&& extension.is_none_or(|ext| {
			(1..=14).contains(&ext.len()) && ext.iter().all(is_upper_alphanumeric)
		})
}

/// Why a decision was taken (an order rejected, a recall issued, dismissed or withdrawn, an
/// investigation moved on): a code from the member's own or a public list, not prose.
pub fn is_reason(code: &[u8]) -> bool {
	(1..=32).contains(&code.len())
		&& code[0].is_ascii_uppercase()
		&& code.iter().all(|b| is_upper_alphanumeric(b) || b"-_.:".contains(b))
}

/// A lot (batch) or serial number.
pub fn is_production_id(id: &[u8]) -> bool {
	(1..=20).contains(&id.len()) && id.iter().all(|b| is_cset82(*b))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn snomed_concept_ids_carry_their_verhoeff_check_digit() {
		// Clinical finding, SNOMED CT concept, myocardial infarction, diabetes mellitus,
		// hypertension, device.
		for id in ["404684003", "138875005", "22298006", "73211009", "38341003", "49062001"] {
			assert!(is_sctid_concept(id.as_bytes()), "{id}");
			// Any other last digit fails the check.
			let (body, check) = id.split_at(id.len() - 1);
			for digit in (b'0'..=b'9').filter(|d| *d != check.as_bytes()[0]) {
				let wrong = [body.as_bytes(), &[digit]].concat();
				assert!(!is_sctid_concept(&wrong), "{}", String::from_utf8_lossy(&wrong));
			}
		}
		// Too short, a leading zero, a description's partition (01).
		for bad in ["12345", "022298006", "22298016"] {
			assert!(!is_sctid_concept(bad.as_bytes()), "{bad}");
		}
	}

	#[test]
	fn gs1_keys_carry_their_check_digit() {
		assert!(gs1_check_digit_ok(b"00643169007222"));
		assert!(gs1_check_digit_ok(b"0614141000012"));
		for bad in [&b"00643169007223"[..], b"0614141000013", b"061414100001A", b"7", b""] {
			assert!(!gs1_check_digit_ok(bad));
		}
	}

	#[test]
	fn codes_have_their_code_systems_shapes() {
		type Shape = fn(&[u8]) -> bool;
		// Each shape, codes of it, and codes not of it.
		let cases: [(Shape, &[&str], &[&str]); 8] = [
			(
				is_device_type,
				&["GMDN:47264", "SCT:14106009", "SCT:49062001"],
				&["47264", "GMDN:4726", "GMDN:472640", "SCT:14106008", "pacemaker", ""],
			),
			(is_model, &["5076-52", "CapSureFix_5076"], &["CapSureFix Novus 5076", "", "ü"]),
			(is_version, &["2.1.0", "v7+b3"], &[".1", "2 1", "", "123456789012345678901"]),
			(
				is_modality,
				&["DCM:ECG", "DCM:CT", "MDC:MDC_DEV_ANALY_SAT_O2_MDS", "MDC:69965"],
				&["ECG", "DCM:E", "DCM:ecg", "MDC:MDC_", "MDC:mdc_x", "MDC:"],
			),
			(
				is_event_code,
				&["IMDRF:A05", "IMDRF:A0502", "IMDRF:A050202"],
				&["IMDRF:E0601", "IMDRF:A050", "A0502", "IMDRF:A05020201"],
			),
			(
				is_outcome_code,
				&["IMDRF:E0601", "IMDRF:F01", "SCT:22298006"],
				&["IMDRF:A0502", "IMDRF:E06010", "SCT:22298007", "died at home"],
			),
			(
				is_location,
				&["GLN:0614141000012", "GLN:0614141000012.ICU3"],
				&["ICU-3", "GLN:0614141000013", "GLN:0614141000012.", "GLN:0614141000012.icu"],
			),
			(
				is_reason,
				&["FSCA-2026-17", "IMDRF:C01", "NO-DEFECT", "R"],
				&["", "fsca", "FSCA 17", "-FSCA", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"],
			),
		];
		for (shape, good, bad) in cases {
			for code in good {
				assert!(shape(code.as_bytes()), "{code} is well shaped");
			}
			for code in bad {
				assert!(!shape(code.as_bytes()), "{code} is not");
			}
		}
		assert!(is_production_id(b"LOT-A17"));
		for bad in ["", "LOT A17", "123456789012345678901", "LOT\u{0}"] {
			assert!(!is_production_id(bad.as_bytes()), "{bad:?}");
		}
	}
}
