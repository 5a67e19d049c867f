//! How well the course's search finds what students look for: each query of
//! `tests/data/search-queries.toml` (realistic student queries, each with
//! the page that answers it, read from the chapters) is typed into the real
//! search in headless Chromium. Targets (issue 15): the mean reciprocal rank
//! of the page among the first five pages shown (MRR@5) at least 0.9, and
//! every topic query ranks its chapter first. The report (per kind, every
//! miss) is in the failure message, and printed with `--nocapture`.

use crate::common;
use crate::common::browser::{self, eval, open, tab};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How many pages count: a student reads the first five.
const TOP: usize = 5;

/// The pages shown for `q`, in order, each with the anchors of the sections
/// shown under it.
fn shown(t: &headless_chrome::Tab, q: &str) -> Vec<(String, Vec<String>)> {
    let js = format!(
        "new Promise((resolve) => {{ \
           const input = document.getElementById('search-input'), res = document.getElementById('search-results'); \
           input.value = {q:?}; input.dispatchEvent(new Event('input')); \
           const t0 = performance.now(); \
           const check = () => {{ \
             if (res.dataset.query === {q:?} && res.getAttribute('aria-busy') === 'false') {{ \
               resolve(JSON.stringify([...res.querySelectorAll('.search-pages > li')].map((li) => \
                 [li.querySelector('a').getAttribute('href'), [...li.querySelectorAll('.search-sub')].map((a) => a.getAttribute('href'))]))); \
             }} else if (performance.now() - t0 > 5000) resolve('[]'); else setTimeout(check, 10); \
           }}; \
           check(); }})"
    );
    let v = eval(t, &js);
    let pages: Vec<(String, Vec<String>)> = serde_json::from_str(v.as_str().unwrap()).unwrap();
    let file = |href: &str| {
        let (page, anchor) = href.split_once('#').unwrap_or((href, ""));
        (
            page.trim_start_matches("./").to_string(),
            anchor.to_string(),
        )
    };
    pages
        .into_iter()
        .map(|(page, subs)| {
            let anchors = subs.iter().map(|s| file(s).1).collect();
            (file(&page).0, anchors)
        })
        .collect()
}

#[test]
fn students_find_the_page_that_answers_their_query() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let list = common::search_queries();
    let (_tmp, site, _) = common::build_course(None);
    let b = browser::launch(&chromium);
    let (t, problems) = tab(&b);
    // Opening the search with a query loads its script.
    open(
        &t,
        &format!("file://{}?search=docker", site.join("index.html").display()),
    );

    let mut by_kind: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    let (mut topics, mut topics_first) = (0, 0);
    let (mut sections, mut sections_shown) = (0, 0);
    let mut misses = String::new();
    for q in &list.query {
        let pages = shown(&t, &q.q);
        let want = q.page.trim_end_matches(".md").to_string() + ".html";
        let rank = pages.iter().take(TOP).position(|(p, _)| *p == want);
        let e = by_kind.entry(&q.kind).or_default();
        e.0 += rank.map_or(0.0, |r| 1.0 / (r + 1) as f64);
        e.1 += 1;
        if q.kind == "topic" {
            topics += 1;
            topics_first += usize::from(rank == Some(0));
        }
        if let (Some(s), Some(r)) = (&q.section, rank) {
            sections += 1;
            sections_shown += usize::from(pages[r].1.contains(s));
        }
        if rank != Some(0) {
            let got: Vec<&str> = pages.iter().take(3).map(|(p, _)| p.as_str()).collect();
            let _ = writeln!(
                misses,
                "  {:<34} {:<10} want {:<22} rank {:<2} got {}",
                format!("{:?}", q.q),
                q.kind,
                want,
                rank.map_or("-".to_string(), |r| (r + 1).to_string()),
                got.join(", ")
            );
        }
    }
    let (sum, n) = by_kind
        .values()
        .fold((0.0, 0), |(s, n), (ks, kn)| (s + ks, n + kn));
    let mrr = sum / n as f64;
    let mut report = format!(
        "{n} queries: MRR@{TOP} {mrr:.3}; topic queries with their chapter first: {topics_first} of {topics}; \
         the answering section shown under its page: {sections_shown} of {sections}\n"
    );
    for (kind, (s, k)) in &by_kind {
        let _ = writeln!(
            report,
            "  {kind:<11} {k:>3} queries  MRR@{TOP} {:.3}",
            s / *k as f64
        );
    }
    let _ = write!(report, "not first:\n{misses}");
    println!("{report}");
    assert!(mrr >= 0.9, "{report}");
    assert_eq!(topics_first, topics, "{report}");
    let p = problems.take();
    assert!(p.is_empty(), "{p:#?}");
}
