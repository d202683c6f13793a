//! `overlapping-services`: which records of one customer double-count
//! another's main kinds of spend, each reported once, against the record
//! the reviewer keeps before any other it double-counts. Every pair is
//! compared within a small customer; a large one is compared through an
//! index of its records by kind of spend, so only records that share a kind
//! meet, and records alike in program and kinds meet once, as a class. Both
//! find the same (kept, zeroed) pairs; both find every pair of a record
//! holding a pair allow, which may clear the first (see `PairAllows`).

use super::settings::Overlap;
use super::{keeps, Profile, Settings};
use rustc_hash::FxHashMap;

/// A record's kinds of spend without those every workload has, sorted.
pub fn main_kinds<'p>(p: &'p Profile, o: &Overlap) -> Vec<&'p str> {
    p.spend_kinds.iter().filter(|k| !o.supporting.contains(k)).map(String::as_str).collect()
}

/// The Jaccard similarity of two lists of main kinds that share `shared`.
pub fn jaccard(kept: &[&str], zeroed: &[&str], shared: usize) -> f64 {
    match kept.len() + zeroed.len() - shared {
        0 => 0.0,
        union => shared as f64 / union as f64,
    }
}

/// Whether the record with `zeroed` kinds double-counts the one with `kept`
/// kinds, sharing `shared` of them: enough shared, and either the two lists
/// alike or the zeroed record's own list mostly the other's.
pub fn double_counts(kept: &[&str], zeroed: &[&str], shared: usize, o: &Overlap) -> bool {
    // How much of the zeroed record's own list the kept record already has.
    let covered = shared as f64 / zeroed.len().max(1) as f64;
    shared >= o.min_shared
        && (jaccard(kept, zeroed, shared) >= o.min_jaccard || o.min_overlap.is_some_and(|m| covered >= m))
}

/// How many kinds two sorted lists share.
fn shared<A: AsRef<str>, B: AsRef<str>>(a: &[A], b: &[B]) -> usize {
    a.iter().filter(|k| b.binary_search_by(|x| x.as_ref().cmp(k.as_ref())).is_ok()).count()
}

/// Whether a record of all its `kinds` (sorted) is a workload of
/// supporting services: long enough, and (nearly) all of it supporting.
/// Its main list is too short to meet `min-shared`, so only
/// `repeats_supporting` can find its double count.
fn supporting_record(kinds: &[String], o: &Overlap) -> bool {
    let Some(w) = &o.supporting_workload else { return false };
    let supporting = kinds.iter().filter(|k| o.supporting.contains(k)).count();
    kinds.len() >= w.min_shared && supporting as f64 >= w.min_share * kinds.len() as f64
}

/// Whether the record of `zeroed` kinds (all of them, sorted), a workload
/// of supporting services, repeats the record of `kept` kinds: the other
/// already itemizes (nearly) all of its list, so both fund the same work.
/// Every record has some of these kinds (S3, CloudWatch, KMS); a record
/// made of them is a double count only when the other has most of its own.
pub fn repeats_supporting(kept: &[String], zeroed: &[String], o: &Overlap) -> bool {
    let Some(w) = &o.supporting_workload else { return false };
    let n = shared(zeroed, kept);
    supporting_record(zeroed, o) && n >= w.min_shared && n as f64 >= w.min_overlap * zeroed.len() as f64
}

/// Each record that double-counts another (by index), with the record the
/// reviewer keeps before any other it double-counts; with every record it
/// double-counts, kept first first, for a record `every` names (one holding
/// a pair allow). Every pair is compared: what `indexed` finds, for a
/// customer small enough that the square of its records is cheap.
pub fn exhaustive(
    members: &[&Profile],
    kinds: &[Vec<&str>],
    s: &Settings,
    o: &Overlap,
    every: &[bool],
) -> Vec<(usize, Vec<usize>)> {
    let pairs = all_pairs(members, kinds, s, o).into_iter().map(|pair| (pair, ()));
    let per_zeroed = super::per_zeroed(members, pairs, s, every).into_iter();
    per_zeroed.map(|(z, kept)| (z, kept.into_iter().map(|(k, ())| k).collect())).collect()
}

/// Every pair of `members` (of different programs) where one double-counts
/// the other, as (kept, zeroed) indices, in pair order.
fn all_pairs(members: &[&Profile], kinds: &[Vec<&str>], s: &Settings, o: &Overlap) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..members.len() {
        for j in i + 1..members.len() {
            let (keep, zero) = if keeps(members[i], members[j], s) { (i, j) } else { (j, i) };
            let n = shared(&kinds[keep], &kinds[zero]);
            let repeats = double_counts(&kinds[keep], &kinds[zero], n, o)
                || repeats_supporting(&members[keep].spend_kinds, &members[zero].spend_kinds, o);
            if members[i].program != members[j].program && repeats {
                out.push((keep, zero));
            }
        }
    }
    out
}

/// Records of one program with one list of main kinds.
struct Class<'p> {
    program: Option<&'p str>,
    kinds: &'p [&'p str],
    members: Vec<usize>,
    /// The member the reviewer keeps before the others.
    top: usize,
}

/// What `exhaustive` finds, through an index: the work grows with the
/// pairs of classes that share a kind, not with the square of the records,
/// and with the size of the classes met only for a record `every` names.
pub fn indexed(
    members: &[&Profile],
    kinds: &[Vec<&str>],
    s: &Settings,
    o: &Overlap,
    every: &[bool],
) -> Vec<(usize, Vec<usize>)> {
    let classes = classes(members, kinds, s);
    // Kind → the classes listing it, in class order.
    let mut postings: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (c, class) in classes.iter().enumerate() {
        for &k in class.kinds {
            postings.entry(k).or_default().push(c);
        }
    }
    let mut found = Found::new(members, s, every);
    // Kinds shared with each class met so far (a sparse count, reset after use).
    let mut counts = vec![0usize; classes.len()];
    let mut met = Vec::new();
    for (z, zeroed) in classes.iter().enumerate() {
        for c in zeroed.kinds.iter().flat_map(|&k| &postings[k]).copied().filter(|&c| c != z) {
            if counts[c] == 0 {
                met.push(c);
            }
            counts[c] += 1;
        }
        for c in met.drain(..) {
            let kept = &classes[c];
            let n = std::mem::take(&mut counts[c]);
            if kept.program != zeroed.program && double_counts(kept.kinds, zeroed.kinds, n, o) {
                found.add(kept, zeroed);
            }
        }
    }
    supporting_classes(members, s, o, &mut found);
    found.finish()
}

/// The records each record double-counts, as `indexed` finds them: the
/// one kept first, or all of them for a record `every` names.
struct Found<'a, 'p> {
    members: &'a [&'p Profile],
    s: &'a Settings,
    every: &'a [bool],
    best: Vec<Option<usize>>,
    all: Vec<Vec<usize>>,
}

impl<'a, 'p> Found<'a, 'p> {
    fn new(members: &'a [&'p Profile], s: &'a Settings, every: &'a [bool]) -> Self {
        Found { members, s, every, best: vec![None; members.len()], all: vec![Vec::new(); members.len()] }
    }

    /// Every record of `zeroed` double-counts every record of `kept` it is
    /// not kept before.
    fn add(&mut self, kept: &Class<'_>, zeroed: &Class<'_>) {
        let (members, s) = (self.members, self.s);
        // The class's top record is the one the reviewer keeps before any
        // of it: if it does not outrank a record, none does.
        for &m in zeroed.members.iter().filter(|&&m| keeps(members[kept.top], members[m], s)) {
            if self.every[m] {
                self.all[m].extend(kept.members.iter().copied().filter(|&k| keeps(members[k], members[m], s)));
            } else if self.best[m].is_none_or(|b| keeps(members[kept.top], members[b], s)) {
                self.best[m] = Some(kept.top);
            }
        }
    }

    fn finish(self) -> Vec<(usize, Vec<usize>)> {
        let (members, s) = (self.members, self.s);
        let found = self.best.into_iter().zip(self.all).enumerate().map(|(zero, (best, mut all))| {
            all.extend(best);
            all.sort_by(|&a, &b| super::kept_first(members[a], members[b], s));
            // A pair both comparisons find is listed once.
            all.dedup();
            (zero, all)
        });
        found.filter(|(_, kept)| !kept.is_empty()).collect()
    }
}

/// `repeats_supporting`, class by class (records of one program and one
/// list of all their kinds): few records are made of supporting kinds, and
/// copies of one record are compared once.
fn supporting_classes(members: &[&Profile], s: &Settings, o: &Overlap, found: &mut Found<'_, '_>) {
    if o.supporting_workload.is_none() {
        return;
    }
    let all: Vec<Vec<&str>> = members.iter().map(|p| p.spend_kinds.iter().map(String::as_str).collect()).collect();
    let classes = classes(members, &all, s);
    let owned = |c: &Class<'_>| members[c.top].spend_kinds.as_slice();
    for zeroed in classes.iter().filter(|c| supporting_record(owned(c), o)) {
        for kept in classes.iter().filter(|k| k.program != zeroed.program) {
            if repeats_supporting(owned(kept), owned(zeroed), o) {
                found.add(kept, zeroed);
            }
        }
    }
}

/// The records grouped by program and main kinds, in order of first member.
fn classes<'k, 'p: 'k>(members: &[&'p Profile], kinds: &'k [Vec<&'p str>], s: &Settings) -> Vec<Class<'k>> {
    let mut index: FxHashMap<(Option<&str>, &[&str]), usize> = FxHashMap::default();
    let mut classes: Vec<Class<'k>> = Vec::new();
    for (i, p) in members.iter().enumerate() {
        let key = (p.program.as_deref(), kinds[i].as_slice());
        match index.get(&key) {
            Some(&c) => {
                let class = &mut classes[c];
                class.members.push(i);
                if keeps(p, members[class.top], s) {
                    class.top = i;
                }
            }
            None => {
                index.insert(key, classes.len());
                classes.push(Class { program: key.0, kinds: key.1, members: vec![i], top: i });
            }
        }
    }
    classes
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: &[&str] =
        &["containers", "relational-database", "cache", "messaging", "streaming", "lambda", "bedrock"];
    /// With supporting kinds too, so that records made only of them
    /// (compared on all their kinds) come up.
    const WITH_SUPPORTING: &[&str] = &["containers", "relational-database", "cloudtrail", "config", "guardduty", "kms"];
    const PROGRAMS: &[&str] = &["Activate Portfolio", "Build for Startups", "Bedrock POC", "MAP"];

    fn settings() -> (Settings, Overlap) {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let s = Settings::from_rules(&rules);
        let o = s.overlap.clone().unwrap();
        (s, o)
    }

    /// `n` records of one customer with kinds and programs from a fixed
    /// pseudo-random sequence (few kinds, so many records share some).
    fn records(n: usize) -> Vec<Profile> {
        records_of(n, KINDS, 4)
    }

    /// `records`, each of 1 to `most` kinds drawn from `of`.
    fn records_of(n: usize, of: &[&str], most: usize) -> Vec<Profile> {
        let mut state = 11u64;
        let mut next = |m: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % m
        };
        (0..n)
            .map(|index| {
                let mut kinds: Vec<String> = (0..1 + next(most)).map(|_| of[next(of.len())].to_string()).collect();
                kinds.sort();
                kinds.dedup();
                let mut p = super::super::tests::profile(index, Some("111111111111"), None, None);
                p.program = Some(PROGRAMS[next(PROGRAMS.len())].to_string());
                p.requested = Some([25000.0, 50000.0, 100000.0][next(3)]);
                p.spend_kinds = kinds;
                p
            })
            .collect()
    }

    /// Each zeroed record of `pairs` with its kept records, kept first
    /// first: all of them for a record `every` names, else the first.
    fn expected(
        members: &[&Profile],
        pairs: &[(usize, usize)],
        s: &Settings,
        every: &[bool],
    ) -> Vec<(usize, Vec<usize>)> {
        let mut kept: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
        for &(keep, zero) in pairs {
            kept[zero].push(keep);
        }
        let found = kept.into_iter().enumerate().map(|(z, mut kept)| {
            kept.sort_by(|&a, &b| super::super::kept_first(members[a], members[b], s));
            kept.truncate(if every[z] { usize::MAX } else { 1 });
            (z, kept)
        });
        found.filter(|(_, kept)| !kept.is_empty()).collect()
    }

    #[test]
    fn the_index_finds_for_each_record_the_pair_the_exhaustive_search_keeps_first() {
        let (s, o) = settings();
        for n in [2, 10, 80, 300] {
            let profiles = records(n);
            let members: Vec<&Profile> = profiles.iter().collect();
            let kinds: Vec<Vec<&str>> = members.iter().map(|p| main_kinds(p, &o)).collect();
            let pairs = all_pairs(&members, &kinds, &s, &o);
            let none = vec![false; n];
            let once = expected(&members, &pairs, &s, &none);
            assert!(!once.is_empty() || n < 10, "the records share kinds: {n}");
            assert!(once.iter().all(|(_, kept)| kept.len() == 1), "{n} records");
            assert_eq!(indexed(&members, &kinds, &s, &o, &none), once, "{n} records");
            assert_eq!(exhaustive(&members, &kinds, &s, &o, &none), once, "{n} records");
        }
    }

    #[test]
    fn the_index_finds_what_the_exhaustive_search_does_on_records_of_supporting_kinds() {
        let (s, o) = settings();
        for n in [10, 80, 300] {
            let profiles = records_of(n, WITH_SUPPORTING, 6);
            let members: Vec<&Profile> = profiles.iter().collect();
            let kinds: Vec<Vec<&str>> = members.iter().map(|p| main_kinds(p, &o)).collect();
            let pairs = all_pairs(&members, &kinds, &s, &o);
            let only_supporting =
                |&&(k, z): &&(usize, usize)| !double_counts(&kinds[k], &kinds[z], shared(&kinds[k], &kinds[z]), &o);
            assert!(pairs.iter().any(|p| only_supporting(&p)) || n < 80, "{n} records: none found that way");
            for every in [vec![false; n], (0..n).map(|i| i % 3 == 0).collect()] {
                let found = expected(&members, &pairs, &s, &every);
                assert_eq!(indexed(&members, &kinds, &s, &o, &every), found, "{n} records");
                assert_eq!(exhaustive(&members, &kinds, &s, &o, &every), found, "{n} records");
            }
        }
    }

    fn soc2(index: usize, program: &str, ask: f64, kinds: &[&str]) -> Profile {
        let mut p = super::super::tests::profile(index, Some("111111111111"), None, None);
        p.program = Some(program.into());
        p.requested = Some(ask);
        p.spend_kinds = kinds.iter().map(|k| k.to_string()).collect();
        p.spend_kinds.sort();
        p
    }

    #[test]
    fn a_project_of_supporting_services_repeats_only_a_record_itemizing_nearly_all_of_them() {
        let (s, o) = settings();
        let security =
            ["backup", "cloudtrail", "config", "guardduty", "inspector", "kms", "object-storage", "securityhub"];
        let build = soc2(1, "Build for Startups", 25000.0, &security);
        // Every record has storage, monitoring and keys: three of eight is no double count.
        let common = soc2(
            0,
            "Activate Portfolio",
            100000.0,
            &["cloudtrail", "cloudwatch", "containers", "kms", "object-storage"],
        );
        // Seven of eight is (a record forgetting one line repeats the rest).
        let mut again: Vec<&str> = security.iter().copied().filter(|k| *k != "inspector").collect();
        again.extend(["containers", "relational-database"]);
        let repeats = soc2(0, "Activate Portfolio", 100000.0, &again);
        for (portfolio, found) in [(&common, false), (&repeats, true)] {
            let members = [portfolio, &build];
            let kinds: Vec<Vec<&str>> = members.iter().map(|p| main_kinds(p, &o)).collect();
            let expected: &[(usize, Vec<usize>)] = if found { &[(1, vec![0])] } else { &[] };
            assert_eq!(exhaustive(&members, &kinds, &s, &o, &[false; 2]), expected);
            assert_eq!(indexed(&members, &kinds, &s, &o, &[false; 2]), expected);
        }
        // The Portfolio is kept: a record of main kinds is never compared this way.
        let members = [&build, &repeats];
        let kinds: Vec<Vec<&str>> = members.iter().map(|p| main_kinds(p, &o)).collect();
        assert_eq!(exhaustive(&members, &kinds, &s, &o, &[true; 2]), [(0, vec![1])]);
        assert_eq!(indexed(&members, &kinds, &s, &o, &[true; 2]), [(0, vec![1])]);
    }

    #[test]
    fn a_record_holding_a_pair_allow_has_every_pair_found_either_way() {
        let (s, o) = settings();
        for n in [10, 80, 300] {
            let profiles = records(n);
            let members: Vec<&Profile> = profiles.iter().collect();
            let kinds: Vec<Vec<&str>> = members.iter().map(|p| main_kinds(p, &o)).collect();
            let pairs = all_pairs(&members, &kinds, &s, &o);
            // Every third record holds one.
            let every: Vec<bool> = (0..n).map(|i| i % 3 == 0).collect();
            let found = expected(&members, &pairs, &s, &every);
            assert!(found.iter().any(|(z, kept)| every[*z] && kept.len() > 1), "{n} records: {found:?}");
            assert_eq!(indexed(&members, &kinds, &s, &o, &every), found, "{n} records");
            assert_eq!(exhaustive(&members, &kinds, &s, &o, &every), found, "{n} records");
        }
    }

    #[test]
    fn a_record_repeating_two_others_is_zeroed_once_against_the_one_kept_first() {
        let (s, o) = settings();
        let record = |index, program: &str, ask| {
            let mut p = super::super::tests::profile(index, Some("111111111111"), None, None);
            p.program = Some(program.into());
            p.requested = Some(ask);
            p.spend_kinds = ["cache", "containers", "relational-database"].map(String::from).to_vec();
            p
        };
        // The MAP record is listed first and asks more; the anchor is still kept first.
        let (map, build, portfolio) = (
            record(0, "MAP", 200000.0),
            record(1, "Build for Startups", 25000.0),
            record(2, "Activate Portfolio", 100000.0),
        );
        let members = [&map, &build, &portfolio];
        let kinds: Vec<Vec<&str>> = members.iter().map(|p| main_kinds(p, &o)).collect();
        // Three pairs: the build repeats both, the MAP record the anchor.
        assert_eq!(all_pairs(&members, &kinds, &s, &o), [(0, 1), (2, 0), (2, 1)]);
        let once = [(0, vec![2]), (1, vec![2])];
        assert_eq!(exhaustive(&members, &kinds, &s, &o, &[false; 3]), once);
        assert_eq!(indexed(&members, &kinds, &s, &o, &[false; 3]), once);
        // The build holding a pair allow: both records it repeats, the anchor first.
        let both = [(0, vec![2]), (1, vec![2, 0])];
        assert_eq!(exhaustive(&members, &kinds, &s, &o, &[false, true, false]), both);
        assert_eq!(indexed(&members, &kinds, &s, &o, &[false, true, false]), both);
    }

    #[test]
    fn an_additive_record_on_a_map_records_services_is_zeroed_whatever_it_asks_and_whenever_filed() {
        let (s, o) = settings();
        let mut map = super::super::tests::profile(0, Some("111111111111"), None, None);
        map.program = Some("MAP".into());
        map.requested = Some(25000.0);
        map.spend_kinds =
            ["cache", "cloudfront", "containers", "elb", "messaging", "relational-database"].map(String::from).to_vec();
        let mut build = super::super::tests::profile(1, Some("111111111111"), None, None);
        build.program = Some("Build for Startups".into());
        build.requested = Some(25000.0);
        build.filing = crate::date::Date::parse("2026-11-01");
        build.spend_kinds = ["cloudwatch", "containers", "relational-database"].map(String::from).to_vec();
        let members = [&map, &build];
        let kinds: Vec<Vec<&str>> = members.iter().map(|p| main_kinds(p, &o)).collect();
        assert_eq!(all_pairs(&members, &kinds, &s, &o), [(0, 1)]);
        assert_eq!(indexed(&members, &kinds, &s, &o, &[false; 2]), [(1, vec![0])]);
    }
}
