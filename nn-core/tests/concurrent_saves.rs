//! Saves to one path racing each other, from threads and from processes, while a reader loads in
//! a loop; and a save killed halfway. Every save succeeds whole or fails with an error, every
//! load sees one writer's whole file, and no temporary file is left behind.
//!
//! The multi-process tests run this test binary again as the children
//! ([`std::env::current_exe`]), telling them their part through the `NN_SAVES_CHILD` variable.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use nn_core::io::{self, TensorInfo};

/// What a child process of this binary is asked to do: `writer:{id}:{directory}` or
/// `pause:{directory}`.
const CHILD: &str = "NN_SAVES_CHILD";

const FILE: &str = "weights.safetensors";

/// Large enough (16.6 KB) that a file is written in several system calls.
fn layout() -> Vec<TensorInfo> {
    vec![
        TensorInfo {
            name: "dense_0/kernel".into(),
            shape: vec![64, 64],
            offset: 0,
            trainable: true,
        },
        TensorInfo {
            name: "dense_0/bias".into(),
            shape: vec![64],
            offset: 64 * 64,
            trainable: true,
        },
    ]
}

const PARAMETERS: usize = 64 * 64 + 64;

/// The weights save number `id` writes: every value differs between two saves, so a file that
/// mixed two saves could not pass for either.
fn contents(id: u32) -> Vec<f32> {
    (0..PARAMETERS)
        .map(|i| id as f32 + i as f32 / 8192.0)
        .collect()
}

/// Which save wrote `parameters`, if they are exactly one save's whole contents.
fn writer_of(parameters: &[f32]) -> Option<u32> {
    let id = parameters[0] as u32;
    (parameters == contents(id)).then_some(id)
}

fn scratch(name: &str) -> PathBuf {
    let directory =
        std::env::temp_dir().join(format!("nn_concurrent_{name}_{}", std::process::id()));
    let _ = fs::remove_dir_all(&directory);
    fs::create_dir_all(&directory).unwrap();
    directory
}

fn entries(directory: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What a reader saw while saves ran.
#[derive(Default, Debug)]
struct Reads {
    whole: usize,
    not_yet_saved: usize,
}

/// Loads `path` until `done`, checking that each load is either "not found" from before the
/// first save or one save's whole contents.
fn read_until(path: &Path, saved: &AtomicBool, done: &AtomicBool) -> Reads {
    let mut reads = Reads::default();
    let mut parameters = vec![0.0; PARAMETERS];
    while !done.load(Ordering::SeqCst) {
        let saved_before = saved.load(Ordering::SeqCst) || path.exists();
        match io::load(path, &layout(), &mut parameters) {
            Ok(()) => {
                assert!(
                    writer_of(&parameters).is_some(),
                    "a load returned a mix of saves"
                );
                reads.whole += 1;
            }
            Err(error) => {
                assert!(!saved_before, "a load after the first save failed: {error}");
                assert!(error.to_string().contains("No such file"), "{error}");
                reads.not_yet_saved += 1;
            }
        }
    }
    reads
}

#[test]
fn saves_from_threads_each_land_whole_and_readers_see_whole_files() {
    const WRITERS: u32 = 4;
    const SAVES: u32 = 25;
    let directory = scratch("threads");
    let path = directory.join(FILE);
    let saved = AtomicBool::new(false);
    let done = AtomicBool::new(false);
    let reads = thread::scope(|scope| {
        let reader = scope.spawn(|| read_until(&path, &saved, &done));
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let (path, saved) = (&path, &saved);
                scope.spawn(move || {
                    for save in 0..SAVES {
                        io::save(path, &layout(), &contents(writer * 1000 + save)).unwrap();
                        saved.store(true, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        // Stop the reader before reporting a failed writer, so a failure cannot hang the test.
        let results: Vec<_> = writers.into_iter().map(|writer| writer.join()).collect();
        done.store(true, Ordering::SeqCst);
        let reads = reader.join().unwrap();
        for result in results {
            result.unwrap();
        }
        reads
    });
    eprintln!("{reads:?}");
    assert!(reads.whole > 0, "the reader never overlapped a save");
    // Each writer's saves are in order, so the file holds some writer's last one.
    let mut parameters = vec![0.0; PARAMETERS];
    io::load(&path, &layout(), &mut parameters).unwrap();
    let last = writer_of(&parameters).unwrap();
    assert_eq!(last % 1000, SAVES - 1, "the file is save {last}");
    assert_eq!(entries(&directory), [FILE]);
    fs::remove_dir_all(directory).unwrap();
}

/// The child's side of the multi-process tests; `None` in the parent.
fn child_role() -> Option<String> {
    std::env::var(CHILD).ok()
}

fn spawn_child(test: &str, role: &str, stdout: Stdio) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, role)
        .stdout(stdout)
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

const PROCESS_SAVES: u32 = 30;

#[test]
fn saves_from_processes_each_land_whole_and_readers_see_whole_files() {
    if let Some(role) = child_role() {
        // A writer: wait for the parent's go, then save its contents over and over.
        let (id, directory) = role
            .strip_prefix("writer:")
            .and_then(|rest| rest.split_once(':'))
            .unwrap();
        let (id, directory) = (id.parse::<u32>().unwrap(), Path::new(directory));
        let start = Instant::now();
        while !directory.join("go").exists() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no go from the parent"
            );
            thread::sleep(Duration::from_millis(1));
        }
        for save in 0..PROCESS_SAVES {
            io::save(directory.join(FILE), &layout(), &contents(id * 1000 + save)).unwrap();
        }
        return;
    }
    const CHILDREN: u32 = 3;
    let directory = scratch("processes");
    let path = directory.join(FILE);
    let mut children: Vec<Child> = (1..=CHILDREN)
        .map(|id| {
            spawn_child(
                "saves_from_processes_each_land_whole_and_readers_see_whole_files",
                &format!("writer:{id}:{}", directory.display()),
                Stdio::null(),
            )
        })
        .collect();
    let saved = AtomicBool::new(false);
    let done = AtomicBool::new(false);
    let reads = thread::scope(|scope| {
        let reader = scope.spawn(|| read_until(&path, &saved, &done));
        fs::write(directory.join("go"), b"").unwrap();
        let succeeded: Vec<bool> = children
            .iter_mut()
            .map(|child| child.wait().unwrap().success())
            .collect();
        done.store(true, Ordering::SeqCst);
        let reads = reader.join().unwrap();
        assert_eq!(
            succeeded, [true; CHILDREN as usize],
            "a writer process failed"
        );
        reads
    });
    eprintln!("{reads:?}");
    assert!(reads.whole > 0, "the reader never overlapped a save");
    let mut parameters = vec![0.0; PARAMETERS];
    io::load(&path, &layout(), &mut parameters).unwrap();
    let last = writer_of(&parameters).unwrap();
    assert!(
        (1..=CHILDREN).contains(&(last / 1000)) && last % 1000 == PROCESS_SAVES - 1,
        "the file is save {last}"
    );
    assert_eq!(entries(&directory), ["go", FILE]);
    fs::remove_dir_all(directory).unwrap();
}

const PAUSED: &str = "paused mid-save";

#[test]
fn a_save_killed_halfway_leaves_the_old_file_and_its_temporary_is_cleaned_by_the_next_save() {
    if let Some(role) = child_role() {
        // Write half a file through the atomic writer, say so, and wait to be killed.
        let directory = Path::new(role.strip_prefix("pause:").unwrap());
        let _ = io::write_atomically_with(&directory.join(FILE), |file| {
            file.write_all(&[0xAB; 8192])?;
            file.flush()?;
            println!("{PAUSED}");
            std::io::stdout().flush()?;
            // Long enough to be killed; bounded so that a parent that missed the line fails.
            thread::sleep(Duration::from_secs(60));
            Ok(())
        });
        panic!("the child was not killed");
    }
    let directory = scratch("killed");
    let path = directory.join(FILE);
    io::save(&path, &layout(), &contents(1)).unwrap();
    let mut child = spawn_child(
        "a_save_killed_halfway_leaves_the_old_file_and_its_temporary_is_cleaned_by_the_next_save",
        &format!("pause:{}", directory.display()),
        Stdio::piped(),
    );
    let stdout = BufReader::new(child.stdout.take().unwrap());
    // libtest prints `test <name> ... ` before the test's own output, on the same line.
    let paused = stdout
        .lines()
        .map_while(Result::ok)
        .any(|line| line.ends_with(PAUSED));
    assert!(paused, "the child ended before pausing");
    let temporary = format!(".{FILE}.nn-tmp.{}.", child.id());
    let temporaries = |directory: &Path| {
        entries(directory)
            .into_iter()
            .filter(|name| name.starts_with(&temporary))
            .count()
    };
    assert_eq!(temporaries(&directory), 1, "{:?}", entries(&directory));

    // A save while the child lives must leave the child's temporary alone.
    io::save(&path, &layout(), &contents(2)).unwrap();
    assert_eq!(temporaries(&directory), 1, "{:?}", entries(&directory));

    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(temporaries(&directory), 1, "{:?}", entries(&directory));
    let mut parameters = vec![0.0; PARAMETERS];
    io::load(&path, &layout(), &mut parameters).unwrap();
    assert_eq!(writer_of(&parameters), Some(2));

    io::save(&path, &layout(), &contents(3)).unwrap();
    assert_eq!(entries(&directory), [FILE]);
    io::load(&path, &layout(), &mut parameters).unwrap();
    assert_eq!(writer_of(&parameters), Some(3));
    fs::remove_dir_all(directory).unwrap();
}
