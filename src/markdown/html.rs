//! A rendered chapter's HTML, held once, as the value its page templates
//! read: Tera copies a plain string into every context it is put in (a
//! 50 MB chapter would be copied for its page, print.html and the start
//! page), while one of its own values is shared by reference count.

use std::fmt;
use std::ops::Deref;

use serde::{Serialize, Serializer};

#[derive(Debug, Clone)]
pub struct Html(tera::Value);

impl Html {
    pub fn as_str(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }
}

impl Default for Html {
    fn default() -> Self {
        Html::from(String::new())
    }
}

impl From<String> for Html {
    /// Marked safe: it is the renderer's own output.
    fn from(html: String) -> Self {
        Html(tera::Value::safe_string(&html))
    }
}

impl Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Html {
    /// Into a template context: the value itself (shared), not a copy.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_shares_the_html() {
        let html = Html::from("<p>x</p>".repeat(100));
        let mut ctx = tera::Context::new();
        ctx.insert("content", &html);
        let inserted = ctx.get("content").and_then(|v| v.as_str()).unwrap();
        assert_eq!(inserted.as_ptr(), html.as_str().as_ptr(), "not a copy");
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t.html", "{{ content }}").unwrap();
        assert_eq!(
            tera.render("t.html", &ctx).unwrap(),
            html.as_str(),
            "and not escaped"
        );
    }
}
