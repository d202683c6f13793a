//! The cross-record stage: records grouped by customer and compared the way
//! the credit reviewer compares them. AWS funds workloads, not companies:
//! two records of one customer that describe the same workload get the
//! anchor approved and the other silently zeroed.
//!
//! Everything here works on [`Profile`]s built in the per-file stage.
//! Pairs are compared only within a customer; a customer with very many
//! records gets LSH candidate generation for its texts (see `text`).

pub mod overlap;
pub mod profile;
pub mod settings;
pub mod stack;
pub mod text;

use crate::diagnostic::RecordId;
use crate::diagnostic::{Anchor, Finding};
use crate::rules::template::{money, percent};
use crate::rules::RuleSet;
pub use profile::Profile;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
pub use settings::Settings;
use settings::{Band, CreditNames};

/// Records of one customer, as indices into the profile list.
pub type Group = Vec<usize>;

/// Groups records by customer (RECORD.md): records whose AWS account ids
/// match; lacking an account id, records whose normalised company name or
/// website domain match. A record without an account id also joins the
/// account its name (or else its domain) is filed under, when that is
/// unambiguous; it never joins two accounts into one customer.
pub fn customers<'p>(profiles: &'p [Profile]) -> Vec<Group> {
    let mut ids_by_name: FxHashMap<&'p str, Vec<&'p str>> = FxHashMap::default();
    let mut ids_by_domain: FxHashMap<&'p str, Vec<&'p str>> = FxHashMap::default();
    for p in profiles {
        if let Some(id) = p.account_id.as_deref() {
            if let Some(k) = p.company_key.as_deref() {
                ids_by_name.entry(k).or_default().push(id);
            }
            if let Some(d) = p.domain.as_deref() {
                ids_by_domain.entry(d).or_default().push(id);
            }
        }
    }
    // The one account a name or domain is filed under, if it is one.
    fn unique<'p>(m: &FxHashMap<&'p str, Vec<&'p str>>, k: &str) -> Option<&'p str> {
        let ids = m.get(k)?;
        ids.iter().all(|i| i == &ids[0]).then_some(ids[0])
    }
    /// What joins records: an account id, or (among records without one) a
    /// name or a domain.
    #[derive(PartialEq, Eq, Hash)]
    enum Key<'p> {
        Account(&'p str),
        Name(&'p str),
        Domain(&'p str),
    }
    let mut sets = Customers::new(profiles);
    let mut first: FxHashMap<Key<'p>, usize> = FxHashMap::default();
    let mut join = |key: Key<'p>, i: usize, sets: &mut Customers<'p>| match first.get(&key) {
        Some(&j) => sets.union(i, j),
        None => {
            first.insert(key, i);
        }
    };
    // Records with an account id first, so each account's set holds its
    // id before any record without one reaches it.
    for (i, p) in profiles.iter().enumerate() {
        if let Some(id) = p.account_id.as_deref() {
            join(Key::Account(id), i, &mut sets);
        }
    }
    for (i, p) in profiles.iter().enumerate().filter(|(_, p)| p.account_id.is_none()) {
        let name = p.company_key.as_deref();
        let account = name
            .and_then(|k| unique(&ids_by_name, k))
            .or_else(|| p.domain.as_deref().and_then(|d| unique(&ids_by_domain, d)));
        if let Some(id) = account {
            join(Key::Account(id), i, &mut sets);
        }
        if let Some(k) = name {
            join(Key::Name(k), i, &mut sets);
        }
        if let Some(d) = p.domain.as_deref() {
            join(Key::Domain(d), i, &mut sets);
        }
    }
    let mut groups: FxHashMap<usize, Group> = FxHashMap::default();
    for i in 0..profiles.len() {
        groups.entry(sets.root(i)).or_default().push(i);
    }
    let mut out: Vec<Group> = groups.into_values().collect();
    out.sort();
    out
}

/// Disjoint sets of records, each with the account id it holds (if any);
/// two sets under different account ids stay apart.
struct Customers<'p> {
    parent: Vec<usize>,
    account: Vec<Option<&'p str>>,
}

impl<'p> Customers<'p> {
    fn new(profiles: &'p [Profile]) -> Customers<'p> {
        Customers {
            parent: (0..profiles.len()).collect(),
            account: profiles.iter().map(|p| p.account_id.as_deref()).collect(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        match (self.account[ra], self.account[rb]) {
            _ if ra == rb => {}
            (Some(x), Some(y)) if x != y => {}
            (x, y) => {
                // The lower index is the root, so a set's root is its first record.
                let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
                self.parent[child] = root;
                self.account[root] = x.or(y);
            }
        }
    }
}

/// Which of two records the reviewer keeps: the anchor program first, then
/// a program that is not additive (MAP, the GenAI tier: tracks of their
/// own), then the larger ask, then the earlier filing. The other is the one
/// zeroed. An additive record (Build for Startups, Bedrock POC) stacks on
/// the others, so it is the one zeroed even when it asks as much or was
/// filed first: measured the other way round, an additive record built on
/// a MAP record's services looked like a MAP record with services of its own.
fn keeps(a: &Profile, b: &Profile, s: &Settings) -> bool {
    kept_first(a, b, s) == std::cmp::Ordering::Less
}

/// The order of two records in which the reviewer keeps them (see
/// `keeps`).
pub(crate) fn kept_first(a: &Profile, b: &Profile, s: &Settings) -> std::cmp::Ordering {
    // A record without a filing date was not filed earlier: a dated one wins.
    let rank = |p: &Profile| {
        (
            role(p, s),
            p.requested.unwrap_or(0.0),
            p.filing.is_some(),
            std::cmp::Reverse(p.filing),
            std::cmp::Reverse(p.id),
        )
    };
    rank(b).partial_cmp(&rank(a)).unwrap_or(std::cmp::Ordering::Equal)
}

/// How a record's program stands in a stack, highest kept first: an anchor
/// (2), a program of its own (1: neither anchor nor additive, or none
/// named), an additive program (0).
fn role(p: &Profile, s: &Settings) -> u8 {
    let is = |list: &[String]| p.program.as_ref().is_some_and(|x| list.contains(x));
    match (is(&s.anchors), is(&s.additive)) {
        (true, _) => 2,
        (false, false) => 1,
        (false, true) => 0,
    }
}

/// A cross-record finding on the key at `on`, with the key at `other` as
/// the related location.
fn pair_finding(
    rules: &RuleSet,
    name: &str,
    on: (&Profile, &str),
    other: (&Profile, &str, String),
    message: String,
    help: Option<String>,
) -> Option<Finding> {
    let related = (Anchor::key(other.0.id, other.1), other.2);
    pair_finding_at(rules, name, Anchor::key(on.0.id, on.1), related, message, help)
}

/// A cross-record finding at `on`, with `related` as the related location.
fn pair_finding_at(
    rules: &RuleSet,
    name: &str,
    on: Anchor,
    related: (Anchor, String),
    message: String,
    help: Option<String>,
) -> Option<Finding> {
    let mut f = rules.finding(name, on, message, help)?;
    f.related.push(related);
    Some(f)
}

fn program(p: &Profile) -> &str {
    p.program.as_deref().unwrap_or("(no program)")
}

/// A record's use-case texts: each of `profile::TEXT_FIELDS` it has, with
/// its pointer, in that order.
pub type UseCase = Vec<(&'static str, String)>;

/// The records' allows that clear one pair of records (an `x-acelint`
/// allow with an `other`). The suppress stage applies them; this stage asks
/// which pairs they clear, because an allow speaks for its pair only: a
/// record zeroed against the record kept first is still reported against
/// the next record it repeats when the first pair is allowed.
pub trait PairAllows: Sync {
    /// Whether `record` holds such an allow for `rule` (a name).
    fn held(&self, rule: &str, record: RecordId) -> bool;
    /// Whether one of `zeroed`'s names `kept` for `rule`, wherever it points.
    fn names(&self, rule: &str, zeroed: &Profile, kept: &Profile) -> bool;
    /// Whether one of `zeroed`'s suppresses `f`, its finding about `kept`
    /// (as it stands on `zeroed`, where the suppress stage judges it).
    fn clears(&self, f: &Finding, zeroed: &Profile, kept: &Profile) -> bool;
}

/// Runs the enabled cross-record rules. `texts` gives a record's use-case
/// texts, for quoting the longest shared passage and pointing at its field;
/// `allows` tells which pairs the records' allows clear.
pub fn check(
    profiles: &[Profile],
    rules: &RuleSet,
    settings: &Settings,
    texts: &(dyn Fn(&Profile) -> UseCase + Sync),
    allows: &dyn PairAllows,
) -> Vec<Finding> {
    // Customers are independent of each other: compare them in parallel,
    // and meanwhile look for accounts that differ across customers.
    let (mut out, accounts) = rayon::join(
        || {
            customers(profiles)
                .par_iter()
                .flat_map_iter(|group| {
                    let mut out = Vec::new();
                    let members: Vec<&Profile> = group.iter().map(|&i| &profiles[i]).collect();
                    let mut zeroed = compare_pairs(&members, (rules, settings), texts, allows, &mut out);
                    same_workload(&members, (rules, settings), allows, &mut zeroed, &mut out);
                    duplicate_programs(&members, rules, &mut out);
                    baseline_refiled(&members, rules, &settings.credit_names, &mut out);
                    filing_order(&members, rules, settings, &mut out);
                    stack_band(&members, &zeroed, rules, settings, &mut out);
                    out
                })
                .collect::<Vec<Finding>>()
        },
        || {
            let mut out = Vec::new();
            account_mismatch(profiles, rules, &mut out);
            reused_client_tokens(profiles, rules, &mut out);
            out
        },
    );
    out.extend(accounts);
    let reported: FxHashSet<RecordId> = profiles.iter().filter(|p| p.report).map(|p| p.id).collect();
    out.retain(|f| reported.contains(&f.at.record));
    out
}

/// `overlapping-services` and `similar-use-case`. Returns the records the
/// reviewer would zero as duplicates of another (indices into `members`,
/// sorted).
///
/// Each record zeroed is reported once per rule, against the record the
/// reviewer keeps before any other it repeats: the reviewer zeroes it once,
/// and a baseline then knows it by one finding whatever the size of its
/// customer. An allow naming the other record of a pair clears that pair
/// only (see `zeroed_findings`). A customer of at most `exact-limit`
/// records has every pair compared; a larger one (a bulk export, a
/// generated corpus) is searched through indexes instead (kinds of spend,
/// LSH buckets of texts), so the work grows with the records, not with
/// their pairs. Crossing the limit changes how the pairs are found, not
/// what a finding is.
fn compare_pairs(
    members: &[&Profile],
    (rules, s): (&RuleSet, &Settings),
    texts: &(dyn Fn(&Profile) -> UseCase + Sync),
    allows: &dyn PairAllows,
    out: &mut Vec<Finding>,
) -> Vec<usize> {
    let mut zeroed = Vec::new();
    // Records holding a pair allow for a rule have all their pairs looked
    // for, not only the best: one lookup per record, so a customer without
    // such allows costs what it did.
    let holders = |rule: &str| -> Vec<bool> { members.iter().map(|p| allows.held(rule, p.id)).collect() };
    if let Some(o) = &s.overlap {
        let rule = "overlapping-services";
        let every = holders(rule);
        let exhaustive = members.len() <= o.exact_limit;
        let kinds: Vec<Vec<&str>> = members.iter().map(|p| overlap::main_kinds(p, o)).collect();
        let pairs = match exhaustive {
            true => overlap::exhaustive(members, &kinds, s, o, &every),
            false => overlap::indexed(members, &kinds, s, o, &every),
        };
        for (z, kept) in pairs {
            let zero = members[z];
            let build = |k: usize, ()| {
                let keep = members[k];
                let shared: Vec<&str> = kinds[k].iter().copied().filter(|x| kinds[z].contains(x)).collect();
                let jaccard = overlap::jaccard(&kinds[k], &kinds[z], shared.len());
                if !overlap::double_counts(&kinds[k], &kinds[z], shared.len(), o) {
                    // Found only as a record of supporting services the other itemizes.
                    let all: Vec<&str> = zero.spend_kinds.iter().map(String::as_str).collect();
                    let shared: Vec<&str> =
                        all.iter().copied().filter(|x| keep.spend_kinds.iter().any(|y| y == x)).collect();
                    let found = Overlap { shared: &shared, of: all.len(), jaccard };
                    return placed(zero, keep, |moved| supporting_finding(rules, keep, zero, &found, moved));
                }
                let found = Overlap { shared: &shared, of: kinds[z].len(), jaccard };
                placed(zero, keep, |moved| overlap_finding(rules, keep, zero, &found, moved))
            };
            let kept = kept.into_iter().map(|k| (k, ()));
            out.extend(zeroed_findings(rule, members, (z, kept.collect()), allows, build));
            zeroed.push(z);
        }
    }
    if let Some(sim) = &s.similar {
        let rule = "similar-use-case";
        let every = holders(rule);
        let sets: Vec<&[text::Shingle]> = members.iter().map(|p| p.shingles.as_slice()).collect();
        let scored = text::similar_pairs(&sets, sim.min_similarity, sim.exact_limit, sim.lsh, &every);
        let oriented = scored.into_iter().map(|(i, j, x)| match keeps(members[i], members[j], s) {
            true => ((i, j), x),
            false => ((j, i), x),
        });
        // A record's texts are read back from its file once, however many
        // pairs it is in.
        let mut read: FxHashMap<usize, UseCase> = FxHashMap::default();
        for (z, kept) in per_zeroed(members, oriented, s, &every) {
            let zero = members[z];
            let build = |k: usize, score: f64| {
                let keep = members[k];
                read.entry(k).or_insert_with(|| texts(keep));
                read.entry(z).or_insert_with(|| texts(zero));
                let reused = Reused::between(&read[&k], &read[&z]);
                placed(zero, keep, |moved| similar_finding(rules, keep, zero, score, &reused, moved))
            };
            out.extend(zeroed_findings(rule, members, (z, kept), allows, build));
            zeroed.push(z);
        }
    }
    // A record is zeroed whether or not its finding is allowed: an allow
    // silences a finding, the reviewer still zeroes the record, and
    // `stack-exceeds-band` leaves it out of the stack's sum all the same.
    zeroed.sort_unstable();
    zeroed.dedup();
    zeroed
}

/// The findings of `rule` about the zeroed record `z`, from its pairs in
/// the order the reviewer keeps their records (`build` makes the finding of
/// a pair, given the kept record): the first pair that no allow of `z`
/// naming the other record (`other`) clears, and every pair one clears.
/// Those go on to the suppress stage, which takes them away and so counts
/// their allows used, whether they come before the pair reported or after
/// it: the pair was found, and is reported the day the others go.
fn zeroed_findings<T>(
    rule: &str,
    members: &[&Profile],
    (z, kept): (usize, Vec<(usize, T)>),
    allows: &dyn PairAllows,
    mut build: impl FnMut(usize, T) -> Option<Finding>,
) -> Vec<Finding> {
    let zero = members[z];
    let mut out = Vec::new();
    let mut reported = false;
    for (k, found) in kept {
        let keep = members[k];
        let named = allows.names(rule, zero, keep);
        if reported && !named {
            continue;
        }
        let Some(f) = build(k, found) else { continue };
        // Judged where a full run reports it: on the zeroed record.
        let cleared = named && allows.clears(f.unmoved.as_deref().unwrap_or(&f), zero, keep);
        // After the pair reported, only a pair an allow takes away goes on:
        // one that an allow names but does not clear (narrowed to another
        // `pointer`) would report the record a second time.
        if reported && !cleared {
            continue;
        }
        reported |= !cleared;
        out.push(f);
    }
    out
}

/// Of (kept, zeroed) pairs, each with what was found about it: each zeroed
/// record (by index) with its pairs, the record the reviewer keeps first
/// first. Only that first pair for a record `every` leaves out; every pair
/// for one it names (a record holding a pair allow, see `PairAllows`).
pub(crate) fn per_zeroed<T>(
    members: &[&Profile],
    pairs: impl IntoIterator<Item = ((usize, usize), T)>,
    s: &Settings,
    every: &[bool],
) -> Vec<(usize, Vec<(usize, T)>)> {
    let mut kept: Vec<Vec<(usize, T)>> = std::iter::repeat_with(Vec::new).take(members.len()).collect();
    for ((k, z), found) in pairs {
        let list = &mut kept[z];
        if every[z] {
            list.push((k, found));
        } else if list.first().is_none_or(|(b, _)| keeps(members[k], members[*b], s)) {
            list.clear();
            list.push((k, found));
        }
    }
    for (list, _) in kept.iter_mut().zip(every).filter(|(_, every)| **every) {
        list.sort_by(|a, b| kept_first(members[a.0], members[b.0], s));
    }
    kept.into_iter().enumerate().filter(|(_, list)| !list.is_empty()).collect()
}

/// `same-workload`: two records under different programs that name one
/// workload. Adds the records the reviewer would zero to `zeroed` (indices
/// into `members`, sorted). Each is reported once, against the group's
/// record kept first; an allow naming the other record clears that pair
/// only (see `zeroed_findings`).
fn same_workload(
    members: &[&Profile],
    (rules, s): (&RuleSet, &Settings),
    allows: &dyn PairAllows,
    zeroed: &mut Vec<usize>,
    out: &mut Vec<Finding>,
) {
    let rule = "same-workload";
    let every: Vec<bool> = members.iter().map(|p| allows.held(rule, p.id)).collect();
    let pairs: Vec<((usize, usize), ())> =
        workload_groups(members, s).iter().flat_map(|group| same_workload_pairs(members, group, s, &every)).collect();
    for (z, kept) in per_zeroed(members, pairs, s, &every) {
        let zero = members[z];
        let build = |k: usize, ()| {
            let keep = members[k];
            placed(zero, keep, |moved| same_workload_finding(rules, keep, zero, moved))
        };
        let found = zeroed_findings(rule, members, (z, kept), allows, build);
        // A record is zeroed whether or not its finding is allowed, as in
        // `compare_pairs`; with the rule off there is no finding, and no zero.
        if !found.is_empty() {
            zeroed.push(z);
        }
        out.extend(found);
    }
    zeroed.sort_unstable();
    zeroed.dedup();
}

/// The records of `members` that name one workload, by workload, for each
/// workload named by more than one (indices into `members`).
fn workload_groups(members: &[&Profile], s: &Settings) -> Vec<Vec<usize>> {
    let mut by_name: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, p) in members.iter().enumerate() {
        let key = p.workload.as_deref().map(crate::names::fold).unwrap_or_default();
        if !crate::names::only_placeholders(&key, &s.placeholder_workloads) {
            by_name.entry(key).or_default().push(i);
        }
    }
    let mut named: Vec<Vec<usize>> = by_name.into_values().filter(|g| g.len() > 1).collect();
    named.sort_unstable();
    named
}

/// The (kept, zeroed) pairs of one workload's `group`. The records of
/// another program than the one the reviewer keeps are zeroed (one of the
/// same program is `duplicate-program`'s), each against the kept record;
/// one that `every` names (holding a pair allow) against each record of
/// another program than its own that the reviewer keeps before it, so that
/// an allowed pair leaves the next one reported.
fn same_workload_pairs<'g>(
    members: &'g [&Profile],
    group: &'g [usize],
    s: &'g Settings,
    every: &'g [bool],
) -> impl Iterator<Item = ((usize, usize), ())> + 'g {
    let kept = group.iter().copied().reduce(|a, b| if keeps(members[b], members[a], s) { b } else { a });
    let keep = kept.map(|k| members[k]);
    let zeroed = group.iter().copied().filter(move |&z| keep.is_some_and(|k| members[z].program != k.program));
    zeroed.flat_map(move |z| {
        let zero = members[z];
        let before = |k: usize| members[k].program != zero.program && keeps(members[k], zero, s);
        let others: Vec<usize> = match every[z] {
            true => group.iter().copied().filter(|&k| before(k)).collect(),
            false => kept.into_iter().collect(),
        };
        others.into_iter().map(move |k| ((k, z), ()))
    })
}

/// `same-workload` on `zero`, or `moved` onto `keep` (see `placed`).
fn same_workload_finding(rules: &RuleSet, keep: &Profile, zero: &Profile, moved: bool) -> Option<Finding> {
    let ptr = "/Funding/Workload/Name";
    let name = zero.workload.as_deref().unwrap_or_default();
    let owner = match (&keep.owner, &zero.owner) {
        (Some(a), Some(b)) if !crate::names::fold(a).is_empty() && crate::names::fold(a) == crate::names::fold(b) => {
            format!(", owned by {a}")
        }
        _ => String::new(),
    };
    let own = "if it is a different workload, give it its own name, objective, services and owning team";
    if moved {
        let message =
            format!("{} names the same workload as this record: \"{name}\"{owner}", zero.label_with(&[program(zero)]));
        let help = format!(
            "AWS funds a workload once: the reviewer approves this {} record and zeroes the other; {own}, or else drop the other record",
            program(keep)
        );
        let related = (zero, ptr, format!("the {} record for the same workload", program(zero)));
        return pair_finding(rules, "same-workload", (keep, ptr), related, message, Some(help));
    }
    let message = format!("names the same workload as {}: \"{name}\"{owner}", keep.label_with(&[program(keep)]));
    let help = format!(
        "AWS funds a workload once: the reviewer approves the {} record and zeroes this one; {own}, or else drop this record",
        program(keep)
    );
    let related = (keep, ptr, format!("the {} record for the same workload", program(keep)));
    pair_finding(rules, "same-workload", (zero, ptr), related, message, Some(help))
}

/// The services two records share, as `overlapping-services` reports them.
struct Overlap<'a> {
    shared: &'a [&'a str],
    /// The length of the zeroed record's list of main kinds.
    of: usize,
    jaccard: f64,
}

impl Overlap<'_> {
    /// The shared kinds as a message lists them (`relational database`).
    fn listed(&self) -> String {
        self.shared.iter().map(|k| k.replace('-', " ")).collect::<Vec<_>>().join(", ")
    }
}

/// `overlapping-services` on `zero`, or `moved` onto `keep` (see `placed`).
fn overlap_finding(rules: &RuleSet, keep: &Profile, zero: &Profile, o: &Overlap<'_>, moved: bool) -> Option<Finding> {
    let list = o.listed();
    let (n, of, together) = (o.shared.len(), o.of, percent(o.jaccard));
    let (message, help) = if moved {
        (
            format!(
                "{} shares {n} of its {of} main kinds of spend with this record: {list} ({together} of the two lists together)",
                zero.label_with(&[program(zero)])
            ),
            format!(
                "AWS funds a workload once: the reviewer approves this {} record and zeroes the other; give the other record its own workload and services, or fold it into this one",
                program(keep)
            ),
        )
    } else {
        (
            format!(
                "shares {n} of its {of} main kinds of spend with {}: {list} ({together} of the two lists together)",
                keep.label_with(&[program(keep)])
            ),
            format!(
                "AWS funds a workload once: the reviewer approves the {} record and zeroes this one; give this record its own workload and services, or fold it into the other",
                program(keep)
            ),
        )
    };
    spend_pair_finding(rules, keep, zero, moved, message, help)
}

/// `overlapping-services` on `zero`, a record of supporting services that
/// `keep` already itemizes, or `moved` onto `keep` (see `placed`).
fn supporting_finding(
    rules: &RuleSet,
    keep: &Profile,
    zero: &Profile,
    o: &Overlap<'_>,
    moved: bool,
) -> Option<Finding> {
    let list = o.listed();
    let (n, of) = (o.shared.len(), o.of);
    let why = "a project made of supporting services (security, monitoring, storage) is funded once, and the other record already itemizes them";
    let (message, help) = if moved {
        (
            format!(
                "{} projects {n} of its {of} kinds of spend that this record itemizes too: {list}; {why}",
                zero.label_with(&[program(zero)])
            ),
            format!(
                "AWS funds a workload once: the reviewer approves this {} record and zeroes the other; if the other record's project owns these services, take them out of this record's projection, or else fold the other record into this one",
                program(keep)
            ),
        )
    } else {
        (
            format!(
                "projects {n} of its {of} kinds of spend that {} itemizes too: {list}; {why}",
                keep.label_with(&[program(keep)])
            ),
            format!(
                "AWS funds a workload once: the reviewer approves the {} record and zeroes this one; if this project owns these services, take them out of the other record's projection, or else fold this record into the other",
                program(keep)
            ),
        )
    };
    spend_pair_finding(rules, keep, zero, moved, message, help)
}

/// An `overlapping-services` finding at the projections of a pair: on
/// `zero`, pointing at `keep`, or `moved` onto `keep`, pointing back.
fn spend_pair_finding(
    rules: &RuleSet,
    keep: &Profile,
    zero: &Profile,
    moved: bool,
    message: String,
    help: String,
) -> Option<Finding> {
    let ptr = "/Funding/ProjectedSpend";
    if moved {
        let related = (zero, ptr, format!("the {} record that double-counts this one", program(zero)));
        return pair_finding(rules, "overlapping-services", (keep, ptr), related, message, Some(help));
    }
    let related = (keep, ptr, format!("the {} record it double-counts", program(keep)));
    pair_finding(rules, "overlapping-services", (zero, ptr), related, message, Some(help))
}

/// What a similar use case reuses: the passage, and the field it is in on
/// each side (a title or an objective is reused as often as the paragraph).
struct Reused {
    /// The field of the record zeroed, and of the record kept.
    zero_at: &'static str,
    keep_at: &'static str,
    passage: String,
}

impl Reused {
    /// The longest passage any field of `zero` shares with a field of
    /// `keep` (the first such pair of fields, in `TEXT_FIELDS` order).
    /// Texts alike only once service names and numbers are masked share no
    /// passage: then each side's first field is pointed at.
    fn between(keep: &[(&'static str, String)], zero: &[(&'static str, String)]) -> Reused {
        let first = |t: &[(&'static str, String)]| t.first().map_or(profile::TEXT_FIELDS[1], |f| f.0);
        let mut best = Reused { zero_at: first(zero), keep_at: first(keep), passage: String::new() };
        let mut longest = 0;
        for (zero_at, z) in zero {
            for (keep_at, k) in keep {
                let passage = text::longest_shared_passage(z, k);
                let words = passage.split_whitespace().count();
                if words > longest {
                    longest = words;
                    best = Reused { zero_at, keep_at, passage };
                }
            }
        }
        best.passage = crate::schema::shorten(&best.passage, 120);
        best
    }
}

/// `similar-use-case` on `zero`, or `moved` onto `keep` (see `placed`). It
/// points at the text reused (the value, as a finding about what a text
/// says does), on each side.
fn similar_finding(
    rules: &RuleSet,
    keep: &Profile,
    zero: &Profile,
    score: f64,
    reused: &Reused,
    moved: bool,
) -> Option<Finding> {
    let passage = &reused.passage;
    let (at_keep, at_zero) = (Anchor::value(keep.id, reused.keep_at), Anchor::value(zero.id, reused.zero_at));
    let own = "what it builds, for whom, on which services, owned by which team; one paragraph reused with the service names swapped reads as a double count";
    if moved {
        let message = format!(
            "the use case is {} similar to that of {}, which the reviewer would zero as a double count of this one; longest shared passage: \"{passage}\"",
            percent(score),
            zero.label_with(&[program(zero)])
        );
        let help = format!("give each record its own workload: {own}");
        let related = (at_zero, format!("the {} record with the same use case", program(zero)));
        return pair_finding_at(rules, "similar-use-case", at_keep, related, message, Some(help));
    }
    let message = format!(
        "the use case is {} similar to that of {}; longest shared passage: \"{passage}\"",
        percent(score),
        keep.label_with(&[program(keep)])
    );
    let help = format!("write this record's own workload: {own}");
    let related = (at_keep, format!("the {} record with the same use case", program(keep)));
    pair_finding_at(rules, "similar-use-case", at_zero, related, message, Some(help))
}

/// Whether a finding about `subject` (the record the reviewer zeroes or
/// trims) goes on `other`: when `other` is checked and `subject` only came
/// through `--corpus` (pre-commit passes the changed file alone), the pair
/// is still reported, on the record the user is editing.
fn on_other(subject: &Profile, other: &Profile) -> bool {
    !subject.report && other.report
}

/// The finding about `subject` that `build(moved)` makes: on `subject`, or
/// moved onto `other` (see `on_other`). A moved finding keeps the one it
/// stands in for, because a baseline written with both records checked
/// knows the pair only by that one.
fn placed(subject: &Profile, other: &Profile, build: impl Fn(bool) -> Option<Finding>) -> Option<Finding> {
    let unmoved = build(false);
    if !on_other(subject, other) {
        return unmoved;
    }
    let mut f = build(true)?;
    f.unmoved = unmoved.map(Box::new);
    Some(f)
}

fn by_filing<'a>(members: &[&'a Profile]) -> Vec<&'a Profile> {
    let mut v = members.to_vec();
    v.sort_by_key(|p| (p.filing, p.id));
    v
}

/// `duplicate-program`: the same program twice for one customer.
fn duplicate_programs(members: &[&Profile], rules: &RuleSet, out: &mut Vec<Finding>) {
    // Program → its first record, filed earlier than any record met later.
    let mut firsts: FxHashMap<&str, &Profile> = FxHashMap::default();
    for p in by_filing(members) {
        let Some(prog) = &p.program else { continue };
        let first = *firsts.entry(prog.as_str()).or_insert(p);
        if first.id != p.id {
            let ptr = "/Funding/Program";
            let build = |moved| {
                let help = "a customer gets each program once: merge the two requests into one record".to_string();
                let (on, message, related) = if moved {
                    let message = format!("{prog} is requested again for this customer in {}", p.label());
                    (first, message, (p, ptr, format!("the second {prog} record")))
                } else {
                    let message = format!("{prog} is already requested for this customer in {}", first.label());
                    (p, message, (first, ptr, format!("the first {prog} record")))
                };
                pair_finding(rules, "duplicate-program", (on, ptr), related, message, Some(help))
            };
            out.extend(placed(p, first, build));
        }
    }
}

/// `baseline-refiled`: credits held as baseline filed again as a program.
/// One baseline source listed in several records is not: each record
/// discloses what the customer already holds.
fn baseline_refiled(members: &[&Profile], rules: &RuleSet, names: &CreditNames, out: &mut Vec<Finding>) {
    let ordered = by_filing(members);
    // Baseline source → the first record (in filing order) listing it, and where.
    let mut holders: FxHashMap<String, (&Profile, usize)> = FxHashMap::default();
    for q in &ordered {
        for (k, (source, _)) in q.baseline.iter().enumerate() {
            // A source that is only a remark names no program.
            let name = credit_name(source, names);
            if !name.is_empty() {
                holders.entry(name).or_insert((q, k));
            }
        }
    }
    for p in &ordered {
        let Some(prog) = &p.program else { continue };
        if let Some(&(holder, k)) = holders.get(&credit_name(prog, names)) {
            out.extend(placed(p, holder, |moved| refiled_finding(rules, p, prog, holder, k, moved)));
        }
    }
}

/// `baseline-refiled` for `p`, which files `prog` that `holder` lists as
/// its `k`th baseline source; `moved` onto the holder (see `placed`).
fn refiled_finding(
    rules: &RuleSet,
    p: &Profile,
    prog: &str,
    holder: &Profile,
    k: usize,
    moved: bool,
) -> Option<Finding> {
    let (source, i) = &holder.baseline[k];
    let held_at = format!("/Funding/BaselineCredits/{i}/Source");
    if moved {
        let message = format!("baseline credits `{source}` are held here, and {} files them again", p.label());
        let help = "baseline credits are counted once and never re-filed on top: drop the other record".to_string();
        let related = (p, "/Funding/Program", format!("the {prog} record that files them again"));
        return pair_finding(rules, "baseline-refiled", (holder, held_at.as_str()), related, message, Some(help));
    }
    let message =
        format!("{prog} credits are already held as baseline ({}), and this record files them again", holder.label());
    let help = "baseline credits are counted once and never re-filed on top: drop this record".to_string();
    let related = (holder, held_at.as_str(), "listed as baseline here".to_string());
    pair_finding(rules, "baseline-refiled", (p, "/Funding/Program"), related, message, Some(help))
}

/// A credit program's name as written by hand, compared as one: case,
/// spacing and the vendor's prefix aside (`AWS Activate  portfolio` is
/// `Activate Portfolio`), and so is what a baseline source says of where
/// the credits came from, in brackets, after a comma or a colon, or after
/// one of `names.remarks` (`Activate Portfolio (via Northgate Ventures)`,
/// `Activate Founders - 2025`). A hyphen joins words as a space does
/// (`Build-for-Startups`), and a trailing word of `names.suffixes` names
/// no other program (`Bedrock POC credits`).
fn credit_name(s: &str, names: &CreditNames) -> String {
    let name = s.split(['(', '[', ',', ';', ':']).next().unwrap_or_default();
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let end = words.iter().position(|w| names.remarks.contains(w)).unwrap_or(words.len());
    let mut words: Vec<&str> = words[..end].iter().flat_map(|w| w.split('-')).filter(|w| !w.is_empty()).collect();
    if words.len() > 1 && words.last().is_some_and(|w| names.suffixes.iter().any(|s| s == w)) {
        words.pop();
    }
    let start = usize::from(words.len() > 1 && crate::suggest::VENDOR_PREFIXES.contains(&words[0]));
    words[start..].join(" ")
}

/// `additive-before-anchor` and `stack-not-same-window`.
fn filing_order(members: &[&Profile], rules: &RuleSet, s: &Settings, out: &mut Vec<Finding>) {
    let is = |p: &Profile, list: &[String]| p.program.as_ref().is_some_and(|x| list.contains(x));
    let anchor = by_filing(members).into_iter().find(|p| is(p, &s.anchors) && p.filing.is_some());
    let additive: Vec<&Profile> =
        by_filing(members).into_iter().filter(|p| is(p, &s.additive) && p.filing.is_some()).collect();
    if let Some(a) = anchor {
        for p in additive.iter().filter(|p| p.filing < a.filing) {
            out.extend(placed(p, a, |moved| before_anchor_finding(rules, p, a, moved)));
        }
    }
    let Some(window) = s.window_days else { return };
    let reference = anchor.or(additive.first().copied());
    let Some(r) = reference else { return };
    for p in additive.iter().filter(|p| p.id != r.id) {
        let (Some(d), Some(rd)) = (p.filing, r.filing) else { continue };
        let gap = (d.days() - rd.days()).abs();
        if gap > window {
            out.extend(placed(p, r, |moved| window_finding(rules, p, r, gap, window, moved)));
        }
    }
}

fn filed(p: &Profile) -> String {
    p.filing.map(|d| d.to_string()).unwrap_or_default()
}

/// `additive-before-anchor` for the additive `p` filed before the anchor
/// `a`; `moved` onto the anchor (see `placed`).
fn before_anchor_finding(rules: &RuleSet, p: &Profile, a: &Profile, moved: bool) -> Option<Finding> {
    let help = format!("file the {} anchor first; additive records follow it", program(a));
    let ptr = "/Funding/FilingDate";
    if moved {
        let message = format!(
            "the customer's {} record {} is filed before this {} record (filed {})",
            program(p),
            p.label_with(&[&format!("filed {}", filed(p))]),
            program(a),
            filed(a)
        );
        let related = (p, ptr, "the additive record's filing date".into());
        return pair_finding(rules, "additive-before-anchor", (a, ptr), related, message, Some(help));
    }
    let message = format!(
        "{} is filed on {}, before the customer's {} record {}",
        program(p),
        filed(p),
        program(a),
        a.label_with(&[&format!("filed {}", filed(a))])
    );
    let related = (a, ptr, "the anchor's filing date".into());
    pair_finding(rules, "additive-before-anchor", (p, ptr), related, message, Some(help))
}

/// `stack-not-same-window` for `p`, filed `gap` days from the stack's first
/// record `r`; `moved` onto `r` (see `placed`).
fn window_finding(rules: &RuleSet, p: &Profile, r: &Profile, gap: i64, window: i64, moved: bool) -> Option<Finding> {
    let help = format!("file the records of one stack within {window} days of each other, anchor first");
    let ptr = "/Funding/FilingDate";
    if moved {
        let message = format!(
            "{} is filed {gap} days apart from this record, the stack's first ({})",
            p.label_with(&[program(p), &filed(p)]),
            filed(r)
        );
        let related = (p, ptr, format!("filed {gap} days apart"));
        return pair_finding(rules, "stack-not-same-window", (r, ptr), related, message, Some(help));
    }
    let message = format!("filed {gap} days apart from {}", r.label_with(&[program(r), &filed(r)]));
    let related = (r, ptr, "the stack's first record".into());
    pair_finding(rules, "stack-not-same-window", (p, ptr), related, message, Some(help))
}

/// The rules whose finding marks a record as repeating another record's
/// workload (it is the one the reviewer zeroes).
pub const DUPLICATE_RULES: &[&str] = &["overlapping-services", "similar-use-case", "same-workload"];

/// What one record supports towards its customer's stack: its ask, up to
/// the cap of one workload of its program; nothing once zeroed.
fn supported(p: &Profile, caps: &[(String, f64)]) -> f64 {
    p.requested.unwrap_or(0.0).min(cap(p, caps))
}

/// What one workload of the record's program supports (nothing for a
/// program without a cap).
fn cap(p: &Profile, caps: &[(String, f64)]) -> f64 {
    p.program.as_ref().and_then(|x| caps.iter().find(|(n, _)| n == x)).map_or(0.0, |(_, c)| *c)
}

/// What a customer's records (those not zeroed as duplicates) support in
/// all: each distinct workload up to its program's cap, and no more than a
/// company at its stage reaches without an institutional investor. The
/// stage too, when its cap is what limits the total.
pub fn stack_supported(kept: &[&Profile], band: &Band) -> (f64, Option<String>) {
    let workloads = kept.iter().map(|p| supported(p, &band.caps)).fold(0.0, |a, b| a + b);
    match stage_cap(kept, band) {
        Some((stage, cap)) if cap < workloads => (cap, Some(stage)),
        _ => (workloads, None),
    }
}

/// `a pre-seed company without an institutional investor reaches`: what
/// limits a stack held to its stage's cap (`Series A` stays `series A`).
pub fn uninvested(stage: &str) -> String {
    let mut chars = stage.chars();
    let first: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
    format!("a {first}{} company without an institutional investor reaches", chars.as_str())
}

/// The stage cap of a customer none of whose records names an investor
/// (an entry such as `N/A` or `Bootstrapped`, of the band's `not_investors`
/// only, names none), when each record gives a stage with a cap (the
/// largest of them, should the records disagree). A record without a stage
/// leaves the stage unknown: `credit-request-incomplete` reports it.
fn stage_cap(kept: &[&Profile], band: &Band) -> Option<(String, f64)> {
    let names_one = |p: &&Profile| p.investors.iter().any(|k| !crate::names::only_placeholders(k, &band.not_investors));
    if kept.is_empty() || kept.iter().any(names_one) {
        return None;
    }
    let of = |p: &&Profile| band.stage_caps.iter().find(|(stage, _)| Some(stage) == p.stage.as_ref()).cloned();
    kept.iter().map(of).collect::<Option<Vec<_>>>()?.into_iter().reduce(|a, b| if b.1 > a.1 { b } else { a })
}

/// `stack-exceeds-band`: the customer's total ask beyond what its distinct
/// workloads support. A record zeroed as a duplicate is left out of both
/// sides: its own finding already says the reviewer zeroes it, and the
/// records that remain are what the band is judged on. The excess is then
/// the asks past their program's cap, so the finding goes on the record
/// asking furthest past it; when the company's stage limits the total
/// instead, on the record the reviewer cuts first.
fn stack_band(members: &[&Profile], zeroed: &[usize], rules: &RuleSet, s: &Settings, out: &mut Vec<Finding>) {
    let Some(band) = &s.band else { return };
    let kept: Vec<&Profile> =
        members.iter().enumerate().filter(|(i, _)| zeroed.binary_search(i).is_err()).map(|(_, p)| *p).collect();
    let total: f64 = kept.iter().filter_map(|p| p.requested).sum();
    let (supported, stage) = stack_supported(&kept, band);
    if kept.len() < 2 || total <= supported * (1.0 + band.tolerance) {
        return;
    }
    let trimmed = match &stage {
        None => furthest_past_cap(kept.iter().copied(), &band.caps, s),
        Some(_) => cut_first(kept.iter().copied(), s),
    };
    let Some(trimmed) = trimmed else { return };
    // The record trimmed may have come through `--corpus` only: then the
    // finding goes on the reported record the reviewer would cut first.
    let on = match trimmed.report {
        true => trimmed,
        false => cut_first(kept.iter().copied().filter(|p| p.report), s).unwrap_or(trimmed),
    };
    let records = match zeroed.len() {
        0 => crate::render::count(kept.len(), "record", "records"),
        _ => format!("{} not zeroed as duplicates", crate::render::count(kept.len(), "record", "records")),
    };
    let supports = match &stage {
        None => format!("as distinct workloads they support about {}", money(supported)),
        Some(stage) => format!("{} about {} in all", uninvested(stage), money(supported)),
    };
    let message = format!("the customer's {records} ask {} in all; {supports}", money(total));
    let limit = match stage {
        None => Limit::Workload(cap(trimmed, &band.caps)),
        Some(_) => Limit::Stage(supported),
    };
    let build = |moved| band_finding(rules, &kept, (if moved { on } else { trimmed }, trimmed, limit), message.clone());
    out.extend(placed(trimmed, on, build));
}

/// What bounds the stack a `stack-exceeds-band` finding is about.
#[derive(Clone, Copy)]
enum Limit {
    /// One workload of the trimmed record's program (0: a program without a cap).
    Workload(f64),
    /// What the company's stage reaches in all without an investor.
    Stage(f64),
}

/// The record asking furthest past its program's cap; among equals, the
/// one the reviewer cuts first.
fn furthest_past_cap<'p>(
    records: impl Iterator<Item = &'p Profile>,
    caps: &[(String, f64)],
    s: &Settings,
) -> Option<&'p Profile> {
    let past = |p: &Profile| p.requested.unwrap_or(0.0) - supported(p, caps);
    records.filter(|p| past(p) > 0.0).reduce(|a, b| match past(a).partial_cmp(&past(b)) {
        Some(std::cmp::Ordering::Greater) => a,
        Some(std::cmp::Ordering::Less) => b,
        _ if keeps(a, b, s) => b,
        _ => a,
    })
}

/// `stack-exceeds-band` on `on`, about `trimmed` (the record to cut back
/// to `limit`), naming the other records of the stack.
fn band_finding(
    rules: &RuleSet,
    members: &[&Profile],
    (on, trimmed, limit): (&Profile, &Profile, Limit),
    message: String,
) -> Option<Finding> {
    let which = if on.id == trimmed.id { "this record".to_string() } else { trimmed.label() };
    let workload = |within: String| {
        format!(
            "the reviewer approves what the workloads support and trims the rest: {within}, or show the rest is a workload of its own (`acelint stack` shows the stack)"
        )
    };
    let help = match limit {
        Limit::Workload(cap) if cap > 0.0 => workload(format!(
            "bring {which}'s ask within about {}, what one {} workload supports",
            money(cap),
            program(trimmed)
        )),
        // No program, or one without a workload cap: nothing of the ask is supported.
        Limit::Workload(_) => workload(format!("name a program with a workload cap in {which}'s `Funding.Program`")),
        Limit::Stage(cap) => format!(
            "the reviewer trims the stack to what the company's stage reaches: cut {which}'s ask so the records ask about {} in all, or list the institutional investor in `Funding.Company.Investors` (`acelint stack` shows the stack)",
            money(cap)
        ),
    };
    let ptr = "/Funding/RequestedAmountUsd";
    let mut f = rules.finding("stack-exceeds-band", Anchor::key(on.id, ptr), message, Some(help))?;
    // The record trimmed leads the others when the finding is not on it.
    let others = std::iter::once(trimmed).filter(|c| c.id != on.id);
    for p in others.chain(members.iter().copied().filter(|p| p.id != on.id && p.id != trimmed.id)) {
        let ask = money(p.requested.unwrap_or(0.0));
        f.related.push((Anchor::key(p.id, ptr), format!("{}: {ask}", program(p))));
    }
    Some(f)
}

/// The record the reviewer cuts first: not the anchor, an additive one
/// before another, the smallest ask, the latest filing.
fn cut_first<'p>(records: impl Iterator<Item = &'p Profile>, s: &Settings) -> Option<&'p Profile> {
    records.reduce(|a, b| if keeps(a, b, s) { b } else { a })
}

/// `account-id-mismatch`: one company name (or domain) under two account ids.
fn account_mismatch(profiles: &[Profile], rules: &RuleSet, out: &mut Vec<Finding>) {
    // (is a domain, the name or domain) → the first record filed with it.
    let mut first_by_key: FxHashMap<(bool, &str), &Profile> = FxHashMap::default();
    let mut ordered: Vec<&Profile> = profiles.iter().filter(|p| p.account_id.is_some()).collect();
    ordered.sort_by_key(|p| (p.filing, p.id));
    for p in ordered {
        let keys = [p.company_key.as_deref().map(|k| (false, k)), p.domain.as_deref().map(|d| (true, d))];
        let mut reported = false;
        for key in keys.into_iter().flatten() {
            match first_by_key.get(&key) {
                Some(first) if first.account_id != p.account_id && !reported => {
                    out.extend(placed(p, first, |moved| mismatch_finding(rules, p, first, key.0, moved)));
                    reported = true;
                }
                Some(_) => {}
                None => {
                    first_by_key.insert(key, p);
                }
            }
        }
    }
}

/// `reused-client-token`: one `ClientToken` on two records, of any
/// customers. AWS takes a token as one request body's: it refuses a second
/// body sent with it, and a copied record keeps its source's token.
fn reused_client_tokens(profiles: &[Profile], rules: &RuleSet, out: &mut Vec<Finding>) {
    let mut first_by_token: FxHashMap<u64, &Profile> = FxHashMap::default();
    let mut ordered: Vec<&Profile> = profiles.iter().filter(|p| p.client_token.is_some()).collect();
    ordered.sort_by_key(|p| (p.filing, p.id));
    for p in ordered {
        let token = p.client_token.unwrap_or_default();
        match first_by_token.get(&token) {
            Some(first) => out.extend(placed(p, first, |moved| reused_token_finding(rules, p, first, moved))),
            None => {
                first_by_token.insert(token, p);
            }
        }
    }
}

/// `reused-client-token` on `p`, which carries `first`'s token; `moved`
/// onto `first` (see `placed`).
fn reused_token_finding(rules: &RuleSet, p: &Profile, first: &Profile, moved: bool) -> Option<Finding> {
    let (on, message, related) = if moved {
        let message = format!("{} uses this record's `ClientToken` again, filed after it", p.label());
        (first, message, (p, "the later record"))
    } else {
        (p, format!("{} already uses this `ClientToken`", first.label()), (first, "the record that uses it first"))
    };
    let help = "give each record a ClientToken of its own (a new UUID): a record copied from another keeps its token"
        .to_string();
    let ptr = "/Opportunity/ClientToken";
    pair_finding(rules, "reused-client-token", (on, ptr), (related.0, ptr, related.1.into()), message, Some(help))
}

/// `account-id-mismatch` for `p`, whose name (or domain, `by_domain`) is
/// `first`'s under another account; `moved` onto `first` (see `placed`).
fn mismatch_finding(rules: &RuleSet, p: &Profile, first: &Profile, by_domain: bool, moved: bool) -> Option<Finding> {
    let (on, other) = if moved { (first, p) } else { (p, first) };
    let what = if by_domain { on.domain.as_deref() } else { on.company.as_deref() };
    let message = format!(
        "`{}` is under AWS account {} here but {} in {}",
        what.unwrap_or_default(),
        on.account_id.as_deref().unwrap_or_default(),
        other.account_id.as_deref().unwrap_or_default(),
        other.label()
    );
    let help = "credits land on one account and cannot move between accounts: use the account that will run the workload in every record".to_string();
    let ptr = "/Opportunity/Customer/Account/AwsAccountId";
    let related = (other, ptr, "the other account id".into());
    pair_finding(rules, "account-id-mismatch", (on, ptr), related, message, Some(help))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::RecordId;

    /// A profile with only what grouping reads.
    pub(super) fn profile(index: usize, account: Option<&str>, name: Option<&str>, domain: Option<&str>) -> Profile {
        Profile {
            id: RecordId { file: 0, index },
            file: "a.json".into(),
            report: true,
            partner_id: None,
            client_token: None,
            account_id: account.map(str::to_string),
            company: name.map(str::to_string),
            company_key: name.map(profile::company_key),
            domain: domain.map(str::to_string),
            program: None,
            stage: None,
            investors: Vec::new(),
            requested: None,
            filing: None,
            workload: None,
            owner: None,
            spend_kinds: Vec::new(),
            shingles: Vec::new(),
            baseline: Vec::new(),
        }
    }

    #[test]
    fn the_reused_field_is_the_one_holding_the_longest_shared_passage() {
        let [title, problem, objective] = [0, 1, 2].map(|i| profile::TEXT_FIELDS[i]);
        let keep: UseCase = vec![
            (title, "Core platform".into()),
            (problem, "We run the scheduling API on ECS for 140 contractor firms.".into()),
            (objective, "serve 200 contractor firms at 99.9% availability by 2027".into()),
        ];
        let zero: UseCase = vec![
            (title, "Plumbing module".into()),
            (problem, "A new module for plumbers.".into()),
            (objective, "Serve 200 contractor firms at 99.9% availability by 2027.".into()),
        ];
        let reused = Reused::between(&keep, &zero);
        assert_eq!((reused.zero_at, reused.keep_at), (objective, objective));
        assert_eq!(reused.passage, "Serve 200 contractor firms at 99.9% availability by 2027.");
        // The paragraph of one reused as the objective of the other.
        let zero: UseCase = vec![(objective, "We run the scheduling API on ECS for 140 firms".into())];
        let reused = Reused::between(&keep, &zero);
        assert_eq!((reused.zero_at, reused.keep_at), (objective, problem));
        // Nothing shared word for word: each side's first field.
        let reused = Reused::between(&keep, &[(problem, "Entirely other words".into())]);
        assert_eq!((reused.zero_at, reused.keep_at, reused.passage.as_str()), (problem, title, ""));
    }

    #[test]
    fn the_reviewer_keeps_the_anchor_then_a_track_of_its_own_then_an_additive_record() {
        let rules = RuleSet::builtin().unwrap();
        let s = Settings::from_rules(&rules);
        let record = |index, program: &str, ask| {
            let mut p = profile(index, Some("111111111111"), None, None);
            p.program = Some(program.to_string());
            p.requested = Some(ask);
            p
        };
        let (portfolio, map, build) = (
            record(0, "Activate Portfolio", 25000.0),
            record(1, "MAP", 25000.0),
            record(2, "Build for Startups", 25000.0),
        );
        assert!(keeps(&portfolio, &map, &s) && keeps(&portfolio, &build, &s));
        // Filed first and asking as much, the additive record is still the one zeroed.
        assert!(keeps(&map, &build, &s) && !keeps(&build, &map, &s));
        // Between two additive records, the larger ask.
        assert!(keeps(&record(3, "Bedrock POC", 50000.0), &build, &s));
    }

    #[test]
    fn without_account_ids_a_name_or_a_domain_makes_one_customer() {
        let p = [
            profile(0, None, Some("Northwind Analytics, Inc."), Some("northwind.io")),
            profile(1, None, Some("Northwind"), Some("northwind.io")),
            profile(2, None, Some("northwind analytics"), None),
            profile(3, None, Some("Contoso"), Some("contoso.com")),
        ];
        assert_eq!(customers(&p), vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn a_record_without_an_account_joins_the_one_its_name_is_filed_under() {
        let p = [
            profile(0, Some("111111111111"), Some("Northwind"), Some("northwind.io")),
            profile(1, None, Some("Northwind"), None),
            profile(2, Some("222222222222"), Some("Contoso"), Some("contoso.com")),
            profile(3, None, Some("Other name"), Some("contoso.com")),
        ];
        assert_eq!(customers(&p), vec![vec![0, 1], vec![2, 3]]);
    }

    #[test]
    fn records_of_one_account_stay_together_whatever_comes_first() {
        // 0 and 1 share a domain and come before the accounts their names
        // are filed under; 3 and 4 are one account.
        let p = [
            profile(0, None, Some("Contoso"), Some("shared.io")),
            profile(1, None, Some("Northwind"), Some("shared.io")),
            profile(2, Some("111111111111"), Some("Northwind"), None),
            profile(3, Some("222222222222"), Some("Contoso"), None),
            profile(4, Some("222222222222"), Some("Contoso"), None),
        ];
        let groups = customers(&p);
        assert!(groups.iter().any(|g| g.contains(&3) && g.contains(&4)), "{groups:?}");
        assert!(!groups.iter().any(|g| g.contains(&2) && g.contains(&3)), "{groups:?}");
    }

    #[test]
    fn records_without_accounts_never_join_two_accounts() {
        // 1 is filed under 111's name, 3 under 222's; 1 and 3 share a domain.
        let p = [
            profile(0, Some("111111111111"), Some("Northwind"), None),
            profile(1, None, Some("Northwind"), Some("shared.io")),
            profile(2, Some("222222222222"), Some("Contoso"), None),
            profile(3, None, Some("Contoso"), Some("shared.io")),
        ];
        assert_eq!(customers(&p), vec![vec![0, 1], vec![2, 3]]);
    }

    #[test]
    fn a_baseline_source_names_its_program_whatever_it_says_of_where_it_came_from() {
        let names = Settings::from_rules(&RuleSet::builtin().unwrap()).credit_names;
        let credit_name = |s: &str| credit_name(s, &names);
        for written in [
            "Activate Portfolio",
            "AWS Activate  portfolio",
            "Activate Portfolio (via Northgate Ventures)",
            "Activate Portfolio via Northgate Ventures",
            "Activate Portfolio, Northgate Ventures",
            "Activate Portfolio - Northgate Ventures",
            "Activate Portfolio: Northgate Ventures",
            "Activate Portfolio [2025]",
        ] {
            assert_eq!(credit_name(written), "activate portfolio", "{written}");
        }
        // A program's own name is kept whole.
        assert_eq!(credit_name("Build for Startups"), "build for startups");
        assert_eq!(credit_name("Activate Founders"), "activate founders");
        assert_eq!(credit_name("(via Northgate)"), "");
        for written in ["Build-for-Startups", "Build for Startups credits (expired)", "AWS Build for Startups credits"]
        {
            assert_eq!(credit_name(written), "build for startups", "{written}");
        }
        assert_eq!(credit_name("Bedrock POC credits"), "bedrock poc");
        assert_eq!(credit_name("credits"), "credits", "a lone word is kept");
    }
}
