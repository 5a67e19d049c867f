//! `sitemap.xml`, when the site's full URL is known (`site-url` or
//! `--base-url` with a scheme and host).

use super::{Output, Scope, put};
use crate::diag::Diagnostic;
use crate::escape;
use crate::output::Sink;
use crate::paths::encode_path;
use crate::site::prepare::Prepared;

pub struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn paths(&self, site: &Prepared) -> Vec<String> {
        site.site_url
            .absolute
            .iter()
            .map(|_| "sitemap.xml".to_string())
            .collect()
    }

    fn write(&self, site: &Prepared, scope: Scope, sink: &dyn Sink) -> Vec<Diagnostic> {
        let Some(base) = site.site_url.absolute.as_deref().filter(|_| scope.is_all()) else {
            return Vec::new();
        };
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for ch in &site.book.chapters {
            let loc = escape::html(&format!("{base}{}", encode_path(&ch.output)));
            s.push_str(&format!("  <url><loc>{loc}</loc></url>\n"));
        }
        s.push_str("</urlset>\n");
        put(sink, "sitemap.xml", s.as_bytes()).into_iter().collect()
    }
}
