//! What one client may cost `credit serve`'s server: a connection that never finishes its headers is
//! closed, and requests beyond the set number wait their turn instead of all holding a body at once.

use bytes::Bytes;
use credit_web::server::{serve_with, ServeLimits};
use hyper::{Response, StatusCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn listening(limits: ServeLimits, in_flight: Arc<AtomicUsize>, most: Arc<AtomicUsize>) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(serve_with(listener, limits, move |_request| {
        let (in_flight, most) = (Arc::clone(&in_flight), Arc::clone(&most));
        async move {
            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            in_flight.fetch_sub(1, Ordering::SeqCst);
            Response::builder()
                .status(StatusCode::OK)
                .body(Bytes::from_static(b"ok"))
                .expect("a response")
        }
    }));
    address
}

/// Everything the server sends until it closes the connection, or `None` if it keeps it open.
async fn until_closed(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut received))
        .await
        .ok()
        .map(|_| received)
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let limits = ServeLimits {
        header_read_timeout: Duration::from_millis(200),
        ..ServeLimits::default()
    };
    let address = listening(limits, Arc::default(), Arc::default()).await;
    let mut slow = TcpStream::connect(address).await.expect("connects");
    slow.write_all(b"POST /analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: ")
        .await
        .expect("writes");
    let received = until_closed(&mut slow).await.expect("the server closes the connection");
    assert!(
        received.is_empty() || received.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&received)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_beyond_the_limit_wait_their_turn_and_are_all_answered() {
    let limits = ServeLimits {
        requests_at_once: 2,
        ..ServeLimits::default()
    };
    let most = Arc::new(AtomicUsize::new(0));
    let address = listening(limits, Arc::default(), Arc::clone(&most)).await;
    let clients = (0..6).map(|_| {
        tokio::spawn(async move {
            let mut client = TcpStream::connect(address).await.expect("connects");
            client
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .await
                .expect("writes");
            until_closed(&mut client).await.expect("answered and closed")
        })
    });
    for client in clients.collect::<Vec<_>>() {
        let answer = client.await.expect("the client ran");
        assert!(
            answer.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&answer)
        );
    }
    assert_eq!(
        most.load(Ordering::SeqCst),
        2,
        "never more than two at once, and the two were used"
    );
}
