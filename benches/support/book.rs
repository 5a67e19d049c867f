//! The synthetic benchmark book: chapters of about 1,000 words with four h2
//! sections and h3s, a list, a table, four code blocks (bash, python, json,
//! dockerfile) and links to other chapters, in parts of 100 chapters.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator, so every run builds the same book.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() % words.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "Container",
    "Image",
    "Registry",
    "Abrechnung",
    "Ausführung",
    "Größe",
    "Skalierung",
    "Instanz",
    "Funktion",
    "Cluster",
    "Task",
    "Dienst",
    "Anwendung",
    "Server",
    "Netzwerk",
    "Speicher",
    "wird",
    "die",
    "der",
    "und",
    "mit",
    "für",
    "auf",
    "eine",
    "nicht",
    "sich",
    "läuft",
    "startet",
    "verwaltet",
    "Kosten",
    "Minuten",
    "Sekunden",
    "Docker",
    "Lambda",
    "Fargate",
    "EC2",
    "ECS",
    "ECR",
    "Batch",
    "Lightsail",
    "Gateway",
    "Schnittstelle",
    "Handler",
    "Laufzeit",
    "Ereignis",
    "Anfrage",
    "Antwort",
    "Umgebung",
    "Konfiguration",
    "Berechtigung",
    "Rolle",
    "Richtlinie",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng, words: usize) -> String {
    let mut p = String::new();
    let mut left = words;
    while left > 0 {
        let n = left.min(8 + (rng.next() % 8) as usize);
        if !p.is_empty() {
            p.push(' ');
        }
        p.push_str(&sentence(rng, n));
        left -= n;
    }
    p
}

pub fn chapter_path(i: usize) -> String {
    format!("teil-{:02}/kapitel-{i:04}.md", i / 100)
}

fn chapter(i: usize, total: usize, rng: &mut Rng) -> String {
    let mut md = format!(
        "# Kapitel {i}: {}\n\n{}\n\n",
        rng.pick(WORDS),
        paragraph(rng, 80)
    );
    let here = chapter_path(i);
    let link_to = |j: usize, section: usize| {
        let target = chapter_path(j);
        let rel = if Path::new(&target).parent() == Path::new(&here).parent() {
            Path::new(&target)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        } else {
            format!("../{target}")
        };
        format!("[Kapitel {j}]({rel}#abschnitt-{section}-{j})")
    };
    for s in 1..=4 {
        let _ = write!(md, "## Abschnitt {s}-{i}\n\n{}\n\n", paragraph(rng, 80));
        let _ = write!(
            md,
            "### Details {s}\n\n{} Siehe {} und {}.\n\n",
            paragraph(rng, 60),
            link_to((i + 1) % total, s),
            link_to((i + total - 1) % total, 1)
        );
        match s {
            1 => {
                md.push_str("- ");
                md.push_str(&sentence(rng, 6));
                md.push_str("\n- ");
                md.push_str(&sentence(rng, 8));
                md.push_str("\n- ");
                md.push_str(&sentence(rng, 5));
                md.push_str("\n\n```bash\naws ecr get-login-password --region eu-central-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-central-1.amazonaws.com\ndocker build -t app:latest .\ndocker push 123456789012.dkr.ecr.eu-central-1.amazonaws.com/app:latest\n```\n\n");
            }
            2 => {
                md.push_str("| Dienst | Abrechnung | Verwaltung |\n|---|---|---|\n| EC2 | pro Stunde | selbst |\n| Lambda | pro Aufruf | AWS |\n| Fargate | pro Sekunde | AWS |\n\n");
                md.push_str("```python\nimport json\n\ndef handler(event, context):\n    name = event.get(\"name\", \"Welt\")\n    return {\"statusCode\": 200, \"body\": json.dumps({\"hallo\": name})}\n```\n\n");
            }
            3 => md.push_str("```json\n{\n  \"family\": \"web\",\n  \"cpu\": \"256\",\n  \"memory\": \"512\",\n  \"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx:1.27\", \"portMappings\": [{\"containerPort\": 80}]}]\n}\n```\n\n"),
            _ => md.push_str("```dockerfile\nFROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n```\n\n"),
        }
        let _ = write!(md, "{}\n\n", paragraph(rng, 50));
    }
    md
}

/// Writes the book into `dir` and returns the number of words written.
pub fn generate(dir: &Path, chapters: usize) -> usize {
    let content = dir.join("content");
    let _ = std::fs::remove_dir_all(&content);
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Benchmark\"\nlanguage = \"de\"\n",
    )
    .unwrap();
    let mut summary = String::from("# Inhalt\n\n");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut words = 0;
    for i in 0..chapters {
        if i % 100 == 0 {
            let _ = write!(summary, "\n# Teil {}\n\n", i / 100 + 1);
        }
        let _ = writeln!(summary, "- [Kapitel {i}]({})", chapter_path(i));
        let md = chapter(i, chapters, &mut rng);
        words += md.split_whitespace().count();
        let path = content.join(chapter_path(i));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, md).unwrap();
    }
    std::fs::write(content.join("SUMMARY.md"), summary).unwrap();
    words
}

/// Writes a book of one chapter with `text` into `dir`.
pub fn single_chapter(dir: &Path, text: &str) {
    let content = dir.join("content");
    let _ = std::fs::remove_dir_all(&content);
    let path = content.join(chapter_path(0));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Benchmark\"\nlanguage = \"de\"\n",
    )
    .unwrap();
    std::fs::write(
        content.join("SUMMARY.md"),
        format!("# Inhalt\n\n- [Kapitel]({})\n", chapter_path(0)),
    )
    .unwrap();
    std::fs::write(path, text).unwrap();
}

/// The text of one chapter of at least `bytes` bytes: the sections of the
/// synthetic chapters one after another, their links all to the first.
pub fn huge_chapter(bytes: usize) -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut md = String::with_capacity(bytes + 16_384);
    let mut i = 0;
    while md.len() < bytes {
        md.push_str(&chapter(i, 1, &mut rng));
        i += 1;
    }
    md
}
