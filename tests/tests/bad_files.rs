//! The importer's bad-file corpus (shared/import/tests/bad_files, verdicts in verdicts.toml) sent to
//! both functions against the emulator: `POST /analyze` answers 200 for a file that is read and a 4xx
//! naming the file for one that is refused, never a 5xx; the ingest function ends every such upload in
//! an outcome the user can read (done, or failed with the reason), never an error that would have the
//! event retried, and a refused file leaves no snapshot behind.

#[path = "../../shared/import/tests/bad_files/generated.rs"]
mod generated;

use credit_e2e::lambda::{call_api, issue_upload, result, tenant, upload, ApiCall, Stack};
use credit_fn_ingest::{handle, Outcome};
use credit_store::SnapshotStore;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/import/tests/bad_files")
}

/// Every corpus file: its name, its bytes, and whether the engine refuses it as a whole.
fn corpus() -> Vec<(String, Vec<u8>, bool)> {
    let text = std::fs::read_to_string(corpus_dir().join("verdicts.toml")).expect("verdicts.toml");
    let manifest: Table = text.parse().expect("TOML");
    manifest["file"]
        .as_array()
        .expect("[[file]]")
        .iter()
        .map(|file| {
            let file = file.as_table().expect("a table");
            let name = file["name"].as_str().expect("name").to_owned();
            let bytes = if file.get("generated").and_then(Value::as_bool) == Some(true) {
                generated::generated(&name).expect("generated")
            } else {
                std::fs::read(corpus_dir().join(&name)).expect("a corpus file")
            };
            let refused = file.contains_key("error") || file.get("entries").and_then(Value::as_integer) == Some(0);
            (name, bytes, refused)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn post_analyze_answers_every_bad_file_with_its_verdict_and_never_a_5xx() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("corpus-api");
    let mut wrong = Vec::new();
    for (name, bytes, refused) in corpus() {
        let call = ApiCall::new("POST", "/analyze", &tenant)
            .query(&format!("as_of=2026-10-31&lang=fr&format=json&file_name={name}"))
            .body(bytes.clone());
        let answer = call_api(&api, call.event()).await;
        let body = String::from_utf8_lossy(&answer.body).into_owned();
        match (refused, answer.status) {
            (false, 200) => {}
            (true, 400..=499) => {
                let error = answer.json()["error"].as_str().unwrap_or_default().to_owned();
                // A body past the direct limit is refused before it is read, and an empty body is no
                // file at all: neither has a name to tell.
                if answer.status != 413 && !bytes.is_empty() && !error.contains(&name) {
                    wrong.push(format!("{name}: the refusal does not name the file: {error}"));
                }
            }
            (_, status) => wrong.push(format!(
                "{name}: {status} {}",
                body.chars().take(300).collect::<String>()
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_ends_every_bad_upload_in_an_outcome_the_user_reads_and_never_a_retry() {
    let stack = Stack::new().await;
    let api = stack.api();
    let ingest = stack.ingest();
    let tenant = tenant("corpus-s3");
    let mut wrong = Vec::new();
    let mut refused_count = 0;
    for (name, bytes, refused) in corpus() {
        let issued = issue_upload(&api, &tenant, &format!("file_name={name}&as_of=2026-10-31&lang=nl")).await;
        let event = upload(&stack, &issued, &bytes).await;
        match handle(&ingest, event).await {
            Err(error) => wrong.push(format!("{name}: an error, so the event would be retried: {error}")),
            Ok(outcomes) => match (refused, outcomes.as_slice()) {
                (false, [Outcome::Done { .. }]) => {}
                (true, [Outcome::Failed { error }]) => {
                    refused_count += 1;
                    let status = result(&api, &tenant, &issued.id).await.json();
                    if status["status"] != "failed" || status["error"].as_str() != Some(error.as_str()) {
                        wrong.push(format!("{name}: GET /results does not tell the failure: {status}"));
                    }
                }
                (_, outcomes) => wrong.push(format!("{name}: {outcomes:?}")),
            },
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let read = corpus().iter().filter(|(_, _, refused)| !refused).count();
    assert_eq!(
        stack.store.list_snapshots(&tenant, 100).await.unwrap().len(),
        read,
        "one snapshot per file read, none for the {refused_count} refused"
    );
}
