//! The testkit against a real moto server: clients reach it, what SES received is read back, and a
//! server we start is gone once dropped.

use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{EmailContent, RawMessage};
use credit_testkit::{create_bucket, moto, s3_client, unique_name, verify_sender, MotoServer};

#[tokio::test]
async fn clients_reach_the_shared_server_and_sent_mail_is_read_back() {
    let moto = moto();
    let config = moto.sdk_config().await;

    let dynamo = aws_sdk_dynamodb::Client::new(&config);
    let tables = dynamo.list_tables().send().await.expect("DynamoDB answers");
    let _ = tables.table_names();

    let s3 = s3_client(&config);
    let bucket = unique_name("testkit-bucket");
    create_bucket(&s3, &bucket).await;
    s3.put_object()
        .bucket(&bucket)
        .key("tenant-a/hello.txt")
        .body(b"hello".to_vec().into())
        .send()
        .await
        .expect("path-style put works");

    let ses = aws_sdk_sesv2::Client::new(&config);
    let sender = format!("{}@example.com", unique_name("sender"));
    let recipient = format!("{}@example.org", unique_name("accountant"));
    verify_sender(&ses, &sender).await;
    let mime = format!(
        "From: {sender}\r\nTo: {recipient}\r\nSubject: Testkit\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nHello from the testkit.\r\n"
    );
    let raw = RawMessage::builder()
        .data(Blob::new(mime))
        .build()
        .expect("raw message");
    let sent = ses
        .send_email()
        .from_email_address(&sender)
        .destination(
            aws_sdk_sesv2::types::Destination::builder()
                .to_addresses(&recipient)
                .build(),
        )
        .content(EmailContent::builder().raw(raw).build())
        .send()
        .await
        .expect("SES accepts mail from a verified sender");

    let received = moto.emails_to(&recipient).expect("moto's data is readable");
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(Some(received[0].id.as_str()), sent.message_id());
    assert_eq!(received[0].source, sender);
    assert!(received[0].raw_data.contains("Hello from the testkit."));
}

#[test]
fn a_server_we_start_answers_and_is_stopped_when_dropped() {
    let server = MotoServer::start().expect("moto_server on PATH");
    let authority = server.endpoint().trim_start_matches("http://").to_string();
    assert!(std::net::TcpStream::connect(&authority).is_ok());
    assert!(server.data().is_ok());
    drop(server);
    // The watchdog killed the server and the shell was reaped: nothing listens any more.
    assert!(
        std::net::TcpStream::connect(&authority).is_err(),
        "moto still answers on {authority}"
    );
}

#[test]
fn attach_refuses_an_endpoint_that_is_not_a_plain_http_address() {
    for bad in [
        "127.0.0.1:5000",
        "https://127.0.0.1:5000",
        "http://",
        "http://host/path",
    ] {
        assert!(MotoServer::attach(bad).is_err(), "{bad} was accepted");
    }
}
