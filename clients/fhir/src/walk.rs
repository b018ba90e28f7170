//! A search through the chain's lists by status: one FHIR status may stand for several of
//! the chain's (an AdverseEvent `in-progress` is three steps of the investigation, a
//! DetectedIssue `final` a recall in force or superseded), so a search walks their lists one
//! after the other, and its cursor says where it is.

use std::future::Future;

use medchain_client::Error;

use crate::{bundle::MAX_COUNT, outcome::FhirError};

/// Where a search by status is: the chain statuses (by index) the FHIR status stands for, the
/// one it is at, and the last item it gave of it. Its cursor is `{at}` or `{at}.{id}`.
pub(crate) struct StatusWalk {
	statuses: Vec<usize>,
	at: usize,
	after: Option<u64>,
}

/// The items a walk found, and the cursor of the next page if there may be one.
pub(crate) type Walked<T> = (Vec<(u64, T)>, Option<String>);

impl StatusWalk {
	/// A walk through the chain's statuses (`chain` gives each by its index) that `matches`,
	/// from `cursor` if the search has one.
	pub(crate) fn parse<S>(
		chain: fn(usize) -> Option<S>,
		matches: impl Fn(&S) -> bool,
		cursor: Option<&str>,
	) -> Result<Self, FhirError> {
		let statuses = (0..)
			.map_while(chain)
			.enumerate()
			.filter(|(_, status)| matches(status))
			.map(|(index, _)| index)
			.collect();
		let bad = || FhirError::invalid("_cursor", "not a cursor this server gave");
		let (at, after) = match cursor.map(|cursor| cursor.split_once('.').unwrap_or((cursor, "")))
		{
			None => (0, None),
			Some((at, "")) => (at.parse().map_err(|_| bad())?, None),
			Some((at, after)) => {
				(at.parse().map_err(|_| bad())?, Some(after.parse().map_err(|_| bad())?))
			},
		};
		Ok(StatusWalk { statuses, at, after })
	}

	fn cursor(&self) -> String {
		match self.after {
			Some(after) => format!("{}.{after}", self.at),
			None => self.at.to_string(),
		}
	}

	/// Up to `count` items that `keeps` keeps, reading at most `most` items: `list(status,
	/// after, limit)` gives one page of the chain's list of the status with that index.
	pub(crate) async fn run<T, Fut>(
		mut self,
		count: u32,
		most: u32,
		list: impl Fn(usize, Option<u64>, u32) -> Fut,
		keeps: impl Fn(&T) -> bool,
	) -> Result<Walked<T>, Error>
	where
		Fut: Future<Output = Result<Vec<(u64, T)>, Error>>,
	{
		let (mut found, mut read) = (Vec::new(), 0);
		while let Some(&status) = self.statuses.get(self.at) {
			if read >= most {
				return Ok((found, Some(self.cursor())));
			}
			let page = list(status, self.after, MAX_COUNT).await?;
			read += MAX_COUNT;
			let full = page.len() == MAX_COUNT as usize;
			for (id, item) in page {
				self.after = Some(id);
				if keeps(&item) {
					found.push((id, item));
					if found.len() == count as usize {
						return Ok((found, Some(self.cursor())));
					}
				}
			}
			if !full {
				(self.at, self.after) = (self.at + 1, None);
			}
		}
		Ok((found, None))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Three statuses; the walks below are through 0 and 2 (as 0 and 1 of the walk).
	fn chain(index: usize) -> Option<usize> {
		(index < 3).then_some(index)
	}

	fn walk(cursor: Option<&str>) -> Result<StatusWalk, FhirError> {
		StatusWalk::parse(chain, |status| status.is_multiple_of(2), cursor)
	}

	#[test]
	fn cursors_read_back() {
		let walk_ = walk(Some("1.17")).unwrap();
		assert_eq!(walk_.statuses, [0, 2]);
		assert_eq!((walk_.at, walk_.after, walk_.cursor()), (1, Some(17), "1.17".to_string()));
		assert_eq!(walk(Some("1")).unwrap().cursor(), "1");
		assert!(walk(Some("x.1")).is_err());
		assert!(walk(Some("1.")).is_ok_and(|walk| walk.after.is_none()));
		assert!(walk(Some("1.y")).is_err());
	}

	#[tokio::test]
	async fn a_walk_pages_through_each_status_in_turn() {
		// Status 0 holds 150 items (ids 0..150), status 2 holds 3 (ids 1000..1003).
		let list = |status: usize, after: Option<u64>, limit: u32| async move {
			let ids = if status == 0 { 0..150 } else { 1000..1003 };
			let from = after.map_or(ids.start, |after| after + 1);
			Ok((from..ids.end).take(limit as usize).map(|id| (id, id)).collect())
		};
		let even = |id: &u64| id.is_multiple_of(2);
		let start = walk(None).unwrap();
		let (found, next) = start.run(74, 1_000, list, even).await.unwrap();
		assert_eq!(
			(found.len(), found.last(), next.as_deref()),
			(74, Some(&(146, 146)), Some("0.146"))
		);
		let resumed = walk(next.as_deref()).unwrap();
		let (found, next) = resumed.run(74, 1_000, list, even).await.unwrap();
		let ids: Vec<u64> = found.iter().map(|(id, _)| *id).collect();
		assert_eq!((ids, next), (vec![148, 1000, 1002], None));
		// A walk that may read only one page stops with a cursor after it.
		let short = walk(None).unwrap();
		let (found, next) = short.run(100, 100, list, |_: &u64| false).await.unwrap();
		assert_eq!((found.len(), next.as_deref()), (0, Some("0.99")));
	}
}
