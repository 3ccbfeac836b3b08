//! `stagecraft serve`: the build pipeline in a loop. A watcher reports changed sources, the
//! rebuild loop re-renders what they affect in memory, and the HTTP side serves the last good
//! site and tells open tabs to reload. Nothing is written to disk.

pub mod http;
pub mod state;
pub mod watch;

use crate::build::{Session, Update};
use crate::diagnostics::Diagnostic;
use state::{ErrorView, LiveEvent, ServeState};
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Instant;

/// What `stagecraft serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// Address to listen on; 127.0.0.1 unless told otherwise.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Print diagnostics and rebuild lines to the terminal.
    pub verbose: bool,
    /// Take sources' `updated` dates from their last Git commit where the front matter gives
    /// none, as `build --git-dates` does (read again on every rebuild that goes the whole way).
    pub git_dates: bool,
}

/// Messages to the rebuild loop.
enum Message {
    Changed(Vec<PathBuf>),
    Stop,
}

/// A running dev server. Dropping it stops the server, the watcher and the rebuild loop.
pub struct Server {
    addr: SocketAddr,
    state: Arc<ServeState>,
    runtime: Option<tokio::runtime::Runtime>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    control: Sender<Message>,
    rebuilder: Option<JoinHandle<()>>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port is taken.
    #[error(
        "port {port} on {bind} is already in use: stop the other server, choose another with --port N, or pass --port 0 to pick a free one"
    )]
    PortInUse {
        /// The address asked for.
        bind: IpAddr,
        /// The port asked for.
        port: u16,
    },
    /// Any other I/O problem.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The watcher could not start.
    #[error("cannot watch the sources: {0}")]
    Watch(#[from] notify::Error),
}

impl Server {
    /// Builds the site, starts watching and serving, and returns at once.
    pub fn start(opts: &ServeOptions) -> Result<Server, ServeError> {
        let listener = TcpListener::bind((opts.bind, opts.port)).map_err(|e| match e.kind() {
            io::ErrorKind::AddrInUse => ServeError::PortInUse {
                bind: opts.bind,
                port: opts.port,
            },
            _ => ServeError::Io(e),
        })?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let state = ServeState::new();
        limit_allocator_arenas();
        let mut session = Session::new(&opts.root, None);
        // A large site's pages take a third of the memory this way; each is inflated when
        // it is served.
        session.keep_pages_compressed();
        session.set_git_dates(opts.git_dates);
        rebuild(&mut session, &state, &[], opts.verbose);
        // From here on the watcher names every change, so files need not be stat'ed.
        session.trust_invalidations(true);

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("stagecraft-http")
            .enable_all()
            .build()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let router = http::router(Arc::clone(&state));
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        runtime.spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });

        let (control, inbox) = channel();
        let (changes_tx, changes_rx) = channel::<Vec<PathBuf>>();
        let watcher = watch::watch(&opts.root, changes_tx)?;
        let forward = control.clone();
        std::thread::Builder::new()
            .name("stagecraft-watch".into())
            .spawn(move || {
                for batch in changes_rx {
                    if forward.send(Message::Changed(batch)).is_err() {
                        break;
                    }
                }
            })?;
        let loop_state = Arc::clone(&state);
        let verbose = opts.verbose;
        let rebuilder = std::thread::Builder::new()
            .name("stagecraft-rebuild".into())
            .spawn(move || rebuild_loop(session, watcher, inbox, &loop_state, verbose))?;
        Ok(Server {
            addr,
            state,
            runtime: Some(runtime),
            shutdown: Some(shutdown),
            control,
            rebuilder: Some(rebuilder),
        })
    }

    /// The address the server listens on (with the port chosen, if it was 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the site's home page.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The shared state, for tests and tools.
    pub fn state(&self) -> &Arc<ServeState> {
        &self.state
    }

    /// Blocks until Ctrl-C.
    pub fn wait_for_ctrl_c(&self) {
        if let Some(rt) = &self.runtime {
            rt.block_on(async {
                let _ = tokio::signal::ctrl_c().await;
            });
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.control.send(Message::Stop);
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(handle) = self.rebuilder.take() {
            let _ = handle.join();
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(std::time::Duration::from_millis(200));
        }
    }
}

/// Waits for changes, coalesces bursts, rebuilds, and tells the tabs.
fn rebuild_loop(
    mut session: Session,
    mut watcher: watch::SourceWatcher,
    inbox: Receiver<Message>,
    state: &ServeState,
    verbose: bool,
) {
    while let Ok(message) = inbox.recv() {
        let Message::Changed(mut paths) = message else {
            return;
        };
        // A burst (a formatter, a branch switch) arrives as several batches: take them all.
        while let Ok(more) = inbox.try_recv() {
            match more {
                Message::Changed(p) => paths.extend(p),
                Message::Stop => return,
            }
        }
        paths.sort();
        paths.dedup();
        watcher.watch_new_folders();
        rebuild(&mut session, state, &paths, verbose);
    }
}

/// Whether every changed path is a theme stylesheet, so tabs can swap styles in place.
fn only_stylesheets(root: &Path, paths: &[PathBuf]) -> bool {
    !paths.is_empty()
        && paths.iter().all(|p| {
            p.strip_prefix(root)
                .is_ok_and(|rel| rel.starts_with("themes"))
                && p.extension().is_some_and(|e| e == "css")
        })
}

/// One rebuild: render in memory, install the result or record the error, tell the tabs.
fn rebuild(session: &mut Session, state: &ServeState, paths: &[PathBuf], verbose: bool) {
    let start = Instant::now();
    let had_errors = !state
        .snapshot
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .errors
        .is_empty();
    let update = if paths.is_empty() {
        session.render().map(Update::Whole)
    } else {
        session.update(paths)
    };
    match update {
        Ok(update) => {
            let (changed, pages, warnings) = match update {
                Update::Whole(site) => {
                    let pages = site.rendered_pages;
                    let changed = state.install(site.files, start.elapsed(), pages);
                    (changed, pages, site.warnings)
                }
                Update::Patched {
                    files,
                    removed,
                    warnings,
                    rendered_pages,
                } => (
                    state.patch(files, &removed, start.elapsed(), rendered_pages),
                    rendered_pages,
                    warnings,
                ),
            };
            if verbose {
                print_diagnostics(&warnings);
                println!(
                    "{} in {} ms: {pages} page{} rendered, {} file{} changed",
                    if paths.is_empty() { "Built" } else { "Rebuilt" },
                    start.elapsed().as_millis(),
                    if pages == 1 { "" } else { "s" },
                    changed.len(),
                    if changed.len() == 1 { "" } else { "s" },
                );
            }
            if had_errors {
                state.notify(LiveEvent::Ok);
            }
            if only_stylesheets(session.root(), paths)
                && changed.iter().all(|c| c.ends_with(".css"))
            {
                state.notify(LiveEvent::Css);
            } else if had_errors {
                state.notify(LiveEvent::Reload(vec!["*".into()]));
            } else if !changed.is_empty() {
                state.notify(LiveEvent::Reload(changed));
            }
        }
        Err(failure) => {
            if verbose {
                print_diagnostics(&failure.diagnostics);
                eprintln!("Build failed; still serving the last good site.");
            }
            let views: Vec<ErrorView> = failure.errors().map(ErrorView::from).collect();
            state.fail(views.clone());
            state.notify(LiveEvent::Error(views));
        }
    }
    // After the tabs were told, so that it adds nothing to the time to the reload.
    give_back_freed_memory();
}

/// Keeps glibc's allocator to one arena a core (it allows eight a core). Each edit frees
/// what threads of the first build allocated and allocates anew; with many arenas the
/// freed room is seldom reused and a long session grows (10,000 pages, 1,000 edits: 529 MB
/// with the default, 517 MB with this, the first build as fast).
fn limit_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let arenas = libc::c_int::try_from(cores.max(2)).unwrap_or(libc::c_int::MAX);
        // SAFETY: `mallopt` sets a tuning parameter of the allocator; it is called before
        // the server starts its threads, and a refused value leaves the default.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}

/// Returns the memory that a rebuild used and freed to the system. glibc's allocator keeps
/// freed memory for reuse, so without this a server would hold the peak of its busiest
/// build (a whole rebuild of a large site) for as long as it runs.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases free memory of the allocator's own heaps; it
    // takes the allocator's locks like any allocation does.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    use std::io::IsTerminal;
    let color = std::env::var_os("NO_COLOR").is_none() && io::stderr().is_terminal();
    for d in diags {
        eprintln!("{}", d.render(color));
    }
}
