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
fn double_counts(kept: &[&str], zeroed: &[&str], shared: usize, o: &Overlap) -> bool {
    // How much of the zeroed record's own list the kept record already has.
    let covered = shared as f64 / zeroed.len().max(1) as f64;
    shared >= o.min_shared
        && (jaccard(kept, zeroed, shared) >= o.min_jaccard || o.min_overlap.is_some_and(|m| covered >= m))
}

/// How many kinds two sorted lists share.
fn shared(a: &[&str], b: &[&str]) -> usize {
    a.iter().filter(|k| b.binary_search(k).is_ok()).count()
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
            if members[i].program != members[j].program && double_counts(&kinds[keep], &kinds[zero], n, o) {
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
    let mut best: Vec<Option<usize>> = vec![None; members.len()];
    // Every record double-counted, for a record `every` names.
    let mut all: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
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
                // The class's top record is the one the reviewer keeps before
                // any of it: if it does not outrank a record, none does.
                for &m in zeroed.members.iter().filter(|&&m| keeps(members[kept.top], members[m], s)) {
                    if every[m] {
                        all[m].extend(kept.members.iter().copied().filter(|&k| keeps(members[k], members[m], s)));
                    } else if best[m].is_none_or(|b| keeps(members[kept.top], members[b], s)) {
                        best[m] = Some(kept.top);
                    }
                }
            }
        }
    }
    let found = best.into_iter().zip(all).enumerate().map(|(zero, (best, mut all))| {
        all.extend(best);
        all.sort_by(|&a, &b| super::kept_first(members[a], members[b], s));
        (zero, all)
    });
    found.filter(|(_, kept)| !kept.is_empty()).collect()
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
        let mut state = 11u64;
        let mut next = |m: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % m
        };
        (0..n)
            .map(|index| {
                let mut kinds: Vec<String> = (0..1 + next(4)).map(|_| KINDS[next(KINDS.len())].to_string()).collect();
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
