//! `kursbuch serve`: build into memory, serve, watch, rebuild, until Ctrl-C.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cmd::EXIT_ERROR;
use crate::diag::Diagnostic;
use crate::serve::rebuild::Builder;
use crate::serve::wire::Limits;
use crate::serve::{BindError, ServeOptions, Server, is_loopback, url, watch};

pub fn run(opts: &ServeOptions) -> u8 {
    if !is_loopback(&opts.host) {
        eprintln!(
            "kursbuch: warning: serving on {} makes the preview reachable from other machines",
            opts.host
        );
    }
    let mut server = match Server::bind(&opts.host, opts.port, Limits::default()) {
        Ok(s) => s,
        Err(BindError::InUse) => {
            opts.printer.print_all([&Diagnostic::error(format!(
                "port {} is already in use",
                opts.port
            ))
            .with_help(
                "stop the other server, or choose another port with `--port`, e.g. `kursbuch serve --port 3001`",
            )]);
            return EXIT_ERROR;
        }
        Err(BindError::Other(e)) => {
            opts.printer.print_all([&Diagnostic::error(format!(
                "cannot listen on {}:{}: {e}",
                opts.host, opts.port
            ))
            .with_help("check `--host` and `--port`")]);
            return EXIT_ERROR;
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = watch::Watcher::new();
    {
        let stop = stop.clone();
        let wake = watcher.as_ref().ok().map(|w| w.waker());
        let handler = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            if let Some(wake) = &wake {
                wake();
            }
        });
        if let Err(e) = handler {
            eprintln!("kursbuch: warning: Ctrl-C will not stop the server cleanly: {e}");
        }
    }

    // The first build, before answering: the first page is the finished one.
    let mut builder = Builder::new(&opts.root, server.state.clone(), server.reload.clone())
        .warn_links(opts.warn_links)
        .include_roots(opts.include_roots.clone())
        .printer(opts.printer);
    builder.full(false);
    server.start();

    let url = url(server.addr());
    println!("kursbuch: serving at {url} (Ctrl-C to stop)");
    if opts.open
        && let Err(e) = opener::open(&url)
    {
        eprintln!("kursbuch: warning: cannot open a browser: {e}");
    }

    match watcher {
        Ok(mut w) => {
            builder.watch(&mut w);
            while let Some(batch) = w.next_batch(&stop) {
                // Watches lost with a replaced folder come back before the
                // rebuild reads it, so no edit after it goes unseen.
                if w.forget_replaced(&batch) {
                    builder.watch(&mut w);
                }
                if builder.changed(&batch) {
                    builder.watch(&mut w);
                }
            }
        }
        Err(e) => {
            eprintln!(
                "kursbuch: warning: cannot watch the book for changes ({e}); serving without live reload"
            );
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    }
    server.shut_down();
    println!("kursbuch: stopped");
    0
}
