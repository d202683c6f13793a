//! Findings held back by a schema finding. A misspelt key (`Oportunity`)
//! or a value of the wrong type (`"Customer": "Kestrelpoint"`) makes a
//! field unreadable as written, and every rule that reads it would report
//! the field as missing or wrong: a cascade that restates one typo. Such a
//! finding is marked as held by the schema finding, and left out while that
//! finding is reported (see `check::drop_held`): a compiler reports one
//! typo once. When the schema finding is allowed away or its rule is off,
//! the held findings are reported after all.

use super::path::Path;
use crate::json::pointer;
use crate::record::RecordKind;
use std::sync::Arc;

/// A field the schema's findings say cannot be read as written, and the
/// finding that says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// The field's pointer, as tokens (`/Opportunity` for a misspelt
    /// `Oportunity`).
    pub field: Vec<String>,
    /// The schema finding: its rule and pointer.
    pub by: Holder,
}

/// The finding that holds others back: its rule name and pointer, in the
/// same record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Holder {
    pub rule: Arc<str>,
    pub pointer: String,
}

impl Unreadable {
    pub fn new(field: &str, rule: &str, by: String) -> Unreadable {
        Unreadable { field: pointer::tokens(field).collect(), by: Holder { rule: rule.into(), pointer: by } }
    }
}

/// The record paths a rule (or one of its checks) names, and the paths
/// relative to the list items a `where` tests.
#[derive(Debug, Clone, Default)]
pub struct PathsRead {
    pub record: Vec<Path>,
    /// Fields a `required` check reports when blank: `[null]` is blank
    /// because of its item, so an unreadable value inside one holds back
    /// what the check says of that field (and nothing else).
    pub required: Vec<Path>,
    /// Paths a `when` reads: they decide whether the check runs at all, so
    /// an unreadable field they reach holds back all the check says.
    pub deciding: Vec<Path>,
    /// Fields a condition holds for when they are blank (`exists = false`):
    /// an unreadable value inside one holds back all the check says.
    pub blank_tests: Vec<Path>,
    pub on_items: Vec<OnItems>,
}

/// A path a `where` tests, relative to the items the record paths beside
/// the `where` select (`/BilledThrough` on `/Funding/ProjectedSpend/*/MonthlyUsd`).
#[derive(Debug, Clone)]
pub struct OnItems {
    pub items: Vec<Path>,
    pub path: Path,
}

/// How far a finding depends on an unreadable field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reach {
    /// Every finding of the check does.
    Whole,
    /// The field is inside one item of a list the check reads item by
    /// item: its first `n` tokens name the item. Findings on the list's
    /// other items stand on their own.
    Item(usize),
    /// The field is inside a value the check judges whole: its first `n`
    /// tokens name that value. Only findings on that value itself depend.
    Within(usize),
}

impl Reach {
    /// Two paths reaching one field: the reach that holds back more.
    fn or(self, other: Reach) -> Reach {
        match (self, other) {
            (Reach::Whole, _) | (_, Reach::Whole) => Reach::Whole,
            (Reach::Item(n), _) | (_, Reach::Item(n)) => Reach::Item(n),
            (within, _) => within,
        }
    }
}

impl PathsRead {
    /// Whether these paths read `u`'s field (something below it, or, for
    /// a value judged whole, something above it), and how.
    pub fn reach(&self, u: &Unreadable, kind: RecordKind) -> Option<Reach> {
        let direct = self.record.iter().filter_map(|p| p.reaches(&u.field, kind));
        let required = self.required.iter().filter_map(|p| p.holds_inside(&u.field, kind).map(Reach::Within));
        let deciding = self.deciding.iter().filter_map(|p| p.reaches(&u.field, kind).map(|_| Reach::Whole));
        let blank = self.blank_tests.iter().filter_map(|p| p.reaches_within(&u.field, kind).map(|_| Reach::Whole));
        let on_items = self.on_items.iter().filter_map(|o| o.path.reaches_on_item(o.items.iter(), &u.field, kind));
        direct.chain(required).chain(deciding).chain(blank).chain(on_items).reduce(Reach::or)
    }
}

/// What holds a check's findings back on one record: each unreadable
/// field its paths (or its rule's `when`) read, with how.
pub fn holders<'u>(
    unreadable: &'u [Unreadable],
    reads: &[&PathsRead],
    kind: RecordKind,
) -> Vec<(&'u Unreadable, Reach)> {
    unreadable
        .iter()
        .filter_map(|u| {
            let reach = reads.iter().filter_map(|r| r.reach(u, kind)).reduce(Reach::or)?;
            Some((u, reach))
        })
        .collect()
}

/// The finding that holds back a finding at `at` (a pointer), if any.
pub fn held_by<'u>(holders: &[(&'u Unreadable, Reach)], at: &str) -> Option<&'u Holder> {
    if holders.is_empty() {
        return None;
    }
    let at: Vec<String> = pointer::tokens(at).collect();
    let holds = |(u, reach): &&(&Unreadable, Reach)| match reach {
        Reach::Whole => true,
        // On another item of the list: not held. On the item itself, on
        // the list (a sum over it) or elsewhere (the text that should name
        // the item's product): held.
        Reach::Item(n) => {
            let (list, item) = (&u.field[..*n - 1], &u.field[..*n]);
            let on_another_item = at.len() >= *n && at.starts_with(list) && !at.starts_with(item);
            !on_another_item
        }
        // Only what is said of the field itself: a `required` check
        // reports a blank field at its own pointer.
        Reach::Within(n) => at == u.field[..*n],
    };
    holders.iter().find(holds).map(|(u, _)| &u.by)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(ps: &[&str]) -> Vec<Path> {
        ps.iter().map(|p| Path::parse(p).unwrap()).collect()
    }

    /// Paths read by name, and paths on the items of all of them.
    fn paths(record: &[&str], on_items: &[&str]) -> PathsRead {
        let on_items = parse(on_items).into_iter().map(|path| OnItems { items: parse(record), path }).collect();
        PathsRead { record: parse(record), on_items, ..Default::default() }
    }

    #[test]
    fn a_field_in_one_list_item_holds_back_that_item_and_what_sums_the_list() {
        let u = [Unreadable::new("/Funding/ProjectedSpend/4/BilledThrough", "unknown-field", "/x".into())];
        let reads = paths(&["/Funding/ProjectedSpend/*/Product"], &["/BilledThrough"]);
        let held = holders(&u, &[&reads], RecordKind::Draft);
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].1, Reach::Item(3));
        assert!(held_by(&held, "/Funding/ProjectedSpend/4/Product").is_some());
        assert!(held_by(&held, "/Funding/ProjectedSpend").is_some());
        assert!(held_by(&held, "/Opportunity/Project/Title").is_some());
        assert!(held_by(&held, "/Funding/ProjectedSpend/0/Product").is_none());
    }

    #[test]
    fn a_field_read_by_name_holds_back_everything_and_other_fields_nothing() {
        let u = [Unreadable::new("/Opportunity/Project", "wrong-type", "/Opportunity/Project".into())];
        let title = paths(&["/Opportunity/Project/Title"], &[]);
        let held = holders(&u, &[&title], RecordKind::Draft);
        assert_eq!(held[0].1, Reach::Whole);
        assert!(held_by(&held, "/Funding/ProjectedSpend/0").is_some());
        let other = paths(&["/Funding/Program"], &[]);
        assert!(holders(&u, &[&other], RecordKind::Draft).is_empty());
        // Every string below: reads what is there, and demands nothing.
        assert!(holders(&u, &[&paths(&["/**"], &[])], RecordKind::Draft).is_empty());
    }

    #[test]
    fn an_unreadable_value_inside_a_required_field_holds_back_only_what_is_said_of_that_field() {
        let u = [Unreadable::new("/Opportunity/Project/ExpectedCustomerSpend/0", "wrong-type", "/x".into())];
        let list = ["/Opportunity/Project/ExpectedCustomerSpend"];
        // Read by name only (a count, a message): the item is not read.
        assert!(holders(&u, &[&paths(&list, &[])], RecordKind::Draft).is_empty());
        let required = PathsRead { required: parse(&list), ..Default::default() };
        let held = holders(&u, &[&required], RecordKind::Draft);
        assert_eq!(held[0].1, Reach::Within(3));
        // `[null]` reported blank: held. Another field of the same check
        // missing (reported on the parent): not held.
        assert!(held_by(&held, "/Opportunity/Project/ExpectedCustomerSpend").is_some());
        assert!(held_by(&held, "/Opportunity/Project/ExpectedCustomerSpend/1/Amount").is_none());
        assert!(held_by(&held, "/Opportunity/Project").is_none());
        assert!(held_by(&held, "/Opportunity/Project/Title").is_none());
    }

    #[test]
    fn an_unreadable_value_inside_a_field_tested_blank_holds_back_the_whole_check() {
        let u = [Unreadable::new("/Funding/Company/Investors/0", "wrong-type", "/x".into())];
        let blank = PathsRead { blank_tests: parse(&["/Funding/Company/Investors"]), ..Default::default() };
        let held = holders(&u, &[&blank], RecordKind::Draft);
        assert_eq!(held[0].1, Reach::Whole);
        assert!(held_by(&held, "/Funding/Company").is_some());
        // Below a `*` too: a condition that holds by mistake runs the
        // whole check, on every item.
        let items = PathsRead { blank_tests: parse(&["/Funding/Company/*"]), ..Default::default() };
        assert_eq!(holders(&u, &[&items], RecordKind::Draft)[0].1, Reach::Whole);
        let deciding = PathsRead { deciding: parse(&["/Funding/Company/Investors/*"]), ..Default::default() };
        assert_eq!(holders(&u, &[&deciding], RecordKind::Draft)[0].1, Reach::Whole);
    }

    #[test]
    fn a_where_reads_only_the_items_of_the_paths_beside_it() {
        let u = [Unreadable::new("/Funding/BaselineCredits/0/BilledThrough", "unknown-field", "/x".into())];
        let reads = PathsRead {
            record: parse(&["/Funding/ProjectedSpend/*/MonthlyUsd", "/Funding/BaselineCredits/*/AmountUsd"]),
            on_items: vec![OnItems {
                items: parse(&["/Funding/ProjectedSpend/*/MonthlyUsd"]),
                path: Path::parse("/BilledThrough").unwrap(),
            }],
            ..Default::default()
        };
        assert!(holders(&u, &[&reads], RecordKind::Draft).is_empty());
    }
}
