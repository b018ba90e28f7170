//! UDI-DIs belong to their manufacturer: governance binds each issuing agency's company
//! prefix to the manufacturer it was issued to, and only that manufacturer registers devices
//! under it (or, in the traceability pallet, recalls them).
//!
//! A UDI-DI is read by the shape its agency gives it:
//!
//! | agency | UDI-DI | company prefix |
//! | --- | --- | --- |
//! | GS1 | a GTIN-14: 14 digits, the last a GS1 mod-10 check digit | digits 2 to 5…13 (after the indicator digit), 4 to 12 digits |
//! | HIBCC | `+`, the LIC (a letter, 3 letters or digits), a product number (1 to 18 letters or digits), a unit-of-measure digit | the LIC |
//! | ICCBBA | `=/`, the FIN (a letter, 4 digits), a product code (6 letters or digits) | the FIN |
//!
//! GS1 company prefixes vary in length: the longest prefix bound to a manufacturer wins.

use crate::*;
use medchain_primitives::codes::gs1_check_digit_ok;

/// The shortest and longest GS1 Company Prefix.
const GS1_PREFIX_LENGTHS: core::ops::RangeInclusive<usize> = 4..=12;

fn is_upper_alphanumeric(byte: &u8) -> bool {
	byte.is_ascii_uppercase() || byte.is_ascii_digit()
}

/// Whether `code` has the shape of a company prefix of `agency`.
pub fn is_company_prefix(agency: IssuingAgency, code: &[u8]) -> bool {
	match agency {
		IssuingAgency::Gs1 => {
			GS1_PREFIX_LENGTHS.contains(&code.len()) && code.iter().all(u8::is_ascii_digit)
		},
		IssuingAgency::Hibcc => {
			code.len() == 4
				&& code[0].is_ascii_uppercase()
				&& code[1..].iter().all(is_upper_alphanumeric)
		},
		IssuingAgency::Iccbba => {
			code.len() == 5
				&& code[0].is_ascii_uppercase()
				&& code[1..].iter().all(u8::is_ascii_digit)
		},
	}
}

/// The issuing agency of a well-formed UDI-DI and the company prefixes it may carry, longest
/// first (one, except for GS1); `None` if it has no agency's shape.
pub fn prefixes_of(di: &[u8]) -> Option<(IssuingAgency, alloc::vec::Vec<&[u8]>)> {
	match di {
		[b'+', rest @ ..] => {
			let (lic, rest) = rest.split_at_checked(4)?;
			let (unit, product) = rest.split_last()?;
			let ok = is_company_prefix(IssuingAgency::Hibcc, lic)
				&& (1..=18).contains(&product.len())
				&& product.iter().all(is_upper_alphanumeric)
				&& unit.is_ascii_digit();
			ok.then(|| (IssuingAgency::Hibcc, alloc::vec![lic]))
		},
		[b'=', b'/', rest @ ..] => {
			let (fin, product) = rest.split_at_checked(5)?;
			let ok = is_company_prefix(IssuingAgency::Iccbba, fin)
				&& product.len() == 6
				&& product.iter().all(is_upper_alphanumeric);
			ok.then(|| (IssuingAgency::Iccbba, alloc::vec![fin]))
		},
		_ => {
			let ok = di.len() == 14 && di.iter().all(u8::is_ascii_digit) && gs1_check_digit_ok(di);
			ok.then(|| {
				let prefixes = GS1_PREFIX_LENGTHS.rev().map(|len| &di[1..1 + len]).collect();
				(IssuingAgency::Gs1, prefixes)
			})
		},
	}
}

impl<T: Config> Pallet<T> {
	/// The manufacturer a UDI-DI belongs to: `InvalidUdi` if it has no issuing agency's
	/// shape, `UnknownIssuer` if no prefix it carries is bound.
	pub(crate) fn owner_of(di: &UdiDi) -> Result<OrgId, Error<T>> {
		let (agency, prefixes) = prefixes_of(di).ok_or(Error::<T>::InvalidUdi)?;
		prefixes
			.into_iter()
			.find_map(|code| {
				let code = code.to_vec().try_into().ok()?;
				IssuerPrefixes::<T>::get(CompanyPrefix { agency, code })
			})
			.ok_or(Error::<T>::UnknownIssuer)
	}

	/// Bind a company prefix to the manufacturer it was issued to, checking as `bind_prefix`
	/// does (the genesis build uses it too).
	pub(crate) fn do_bind_prefix(prefix: CompanyPrefix, manufacturer: OrgId) -> DispatchResult {
		ensure!(is_company_prefix(prefix.agency, &prefix.code), Error::<T>::InvalidPrefix);
		ensure!(
			T::Membership::active_organisation(manufacturer)
				== Some(OrganisationKind::Manufacturer),
			Error::<T>::NotAManufacturer
		);
		ensure!(!IssuerPrefixes::<T>::contains_key(&prefix), Error::<T>::PrefixTaken);
		IssuerPrefixes::<T>::insert(&prefix, manufacturer);
		Self::deposit_event(Event::PrefixBound { prefix, manufacturer });
		Ok(())
	}

	pub(crate) fn do_unbind_prefix(prefix: CompanyPrefix) -> DispatchResult {
		let manufacturer = IssuerPrefixes::<T>::take(&prefix).ok_or(Error::<T>::PrefixNotBound)?;
		Self::deposit_event(Event::PrefixUnbound { prefix, manufacturer });
		Ok(())
	}
}

#[cfg(test)]
mod shapes {
	use super::*;

	#[test]
	fn udi_dis_are_read_by_their_agencys_shape() {
		let gs1 = prefixes_of(b"00643169007222").expect("a GTIN-14 with its check digit");
		assert_eq!(gs1.0, IssuingAgency::Gs1);
		assert_eq!(gs1.1.first(), Some(&&b"064316900722"[..]));
		assert_eq!(gs1.1.last(), Some(&&b"0643"[..]));
		assert_eq!(gs1.1.len(), 9);
		// A wrong check digit, a short GTIN, a letter.
		for bad in [&b"00643169007223"[..], b"0643169007222", b"0064316900722A"] {
			assert!(prefixes_of(bad).is_none());
		}
		assert_eq!(
			prefixes_of(b"+H123PC12345671"),
			Some((IssuingAgency::Hibcc, vec![&b"H123"[..]]))
		);
		// A LIC starting with a digit, no unit of measure, lower case, no product number.
		for bad in [&b"+1123PC1234567"[..], b"+H123PC123456X", b"+h123PC12345671", b"+H1231"] {
			assert!(prefixes_of(bad).is_none());
		}
		assert_eq!(
			prefixes_of(b"=/A9999XYZ100"),
			Some((IssuingAgency::Iccbba, vec![&b"A9999"[..]]))
		);
		for bad in [&b"=/A9999XYZ10"[..], b"=/AB999XYZ100", b"=A9999XYZ100"] {
			assert!(prefixes_of(bad).is_none());
		}
	}

	#[test]
	fn company_prefixes_have_their_agencys_shape() {
		assert!(is_company_prefix(IssuingAgency::Gs1, b"0643169"));
		assert!(!is_company_prefix(IssuingAgency::Gs1, b"064"));
		assert!(!is_company_prefix(IssuingAgency::Gs1, b"0643169007222"));
		assert!(is_company_prefix(IssuingAgency::Hibcc, b"H123"));
		assert!(!is_company_prefix(IssuingAgency::Hibcc, b"1123"));
		assert!(is_company_prefix(IssuingAgency::Iccbba, b"A9999"));
		assert!(!is_company_prefix(IssuingAgency::Iccbba, b"A999Z"));
	}
}
