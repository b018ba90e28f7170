//! JSON-RPC over HTTP/1.1 to a node on loopback: one kept-alive connection per client, single
//! calls and batches. Plain `std::net`, no async runtime: the load generator's threads each
//! hold their own client.

use std::{
	io::{BufRead, BufReader, Read, Write},
	net::TcpStream,
	time::Duration,
};

use serde_json::{json, Value};

/// A JSON-RPC client on one HTTP connection (reopened if the node closes it).
pub struct Rpc {
	port: u16,
	stream: Option<BufReader<TcpStream>>,
}

/// What went wrong with a call: the transport, or the node's JSON-RPC error.
#[derive(Debug)]
pub enum RpcError {
	/// The connection or the HTTP exchange failed.
	Transport(String),
	/// The node answered with a JSON-RPC error object.
	Node(Value),
}

impl std::fmt::Display for RpcError {
	fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
		match self {
			RpcError::Transport(e) => write!(f, "transport: {e}"),
			RpcError::Node(e) => write!(f, "node: {e}"),
		}
	}
}

impl Rpc {
	/// A client of the node whose JSON-RPC server listens on `127.0.0.1:port`.
	pub fn new(port: u16) -> Self {
		Self { port, stream: None }
	}

	/// One call; its `result`.
	pub fn call(&mut self, method: &str, params: Value) -> Result<Value, RpcError> {
		let request = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		let mut reply = self.exchange(&request.to_string())?;
		match reply.get("error") {
			Some(error) => Err(RpcError::Node(error.clone())),
			None => Ok(reply["result"].take()),
		}
	}

	/// A batch of calls of one method, one request each; each one's result or error, in order.
	pub fn batch(
		&mut self,
		method: &str,
		params: &[Value],
	) -> Result<Vec<Result<Value, Value>>, RpcError> {
		let requests: Vec<Value> = params
			.iter()
			.enumerate()
			.map(|(id, p)| json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": p }))
			.collect();
		let reply = self.exchange(&Value::Array(requests).to_string())?;
		let replies = reply
			.as_array()
			.ok_or_else(|| RpcError::Transport(format!("not a batch reply: {reply}")))?;
		let mut results: Vec<Result<Value, Value>> = vec![Err(Value::Null); params.len()];
		for item in replies {
			let Some(id) = item["id"].as_u64().and_then(|id| usize::try_from(id).ok()) else {
				continue;
			};
			if let Some(slot) = results.get_mut(id) {
				*slot = match item.get("error") {
					Some(error) => Err(error.clone()),
					None => Ok(item["result"].clone()),
				};
			}
		}
		Ok(results)
	}

	/// Sends `body`, reads the reply; retries once on a fresh connection if the kept-alive
	/// one was closed by the node.
	fn exchange(&mut self, body: &str) -> Result<Value, RpcError> {
		match self.try_exchange(body) {
			Ok(value) => Ok(value),
			Err(_) => {
				self.stream = None;
				self.try_exchange(body)
			},
		}
	}

	fn try_exchange(&mut self, body: &str) -> Result<Value, RpcError> {
		let transport = |e: std::io::Error| RpcError::Transport(e.to_string());
		if self.stream.is_none() {
			let stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(transport)?;
			stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(transport)?;
			stream.set_nodelay(true).map_err(transport)?;
			self.stream = Some(BufReader::new(stream));
		}
		let reader = self.stream.as_mut().expect("connected above");
		write!(
			reader.get_mut(),
			// The node's host filter wants the port in `Host`.
			"POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
			 Content-Length: {}\r\nConnection: keep-alive\r\n\r\n{body}",
			self.port,
			body.len()
		)
		.map_err(transport)?;

		let mut status = String::new();
		reader.read_line(&mut status).map_err(transport)?;
		if !status.starts_with("HTTP/1.1 200") {
			self.stream = None;
			return Err(RpcError::Transport(format!("HTTP status: {}", status.trim())));
		}
		let (mut length, mut chunked, mut close) = (None, false, false);
		loop {
			let mut line = String::new();
			reader.read_line(&mut line).map_err(transport)?;
			let line = line.trim_end();
			if line.is_empty() {
				break;
			}
			let lower = line.to_ascii_lowercase();
			if let Some(value) = lower.strip_prefix("content-length:") {
				length = value.trim().parse::<usize>().ok();
			} else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
				chunked = true;
			} else if lower.starts_with("connection:") && lower.contains("close") {
				close = true;
			}
		}
		let body = if chunked {
			read_chunked(reader).map_err(transport)?
		} else {
			let length = length.ok_or_else(|| RpcError::Transport("no Content-Length".into()))?;
			let mut body = vec![0; length];
			reader.read_exact(&mut body).map_err(transport)?;
			body
		};
		if close {
			self.stream = None;
		}
		serde_json::from_slice(&body).map_err(|e| {
			RpcError::Transport(format!("bad JSON ({e}): {}", String::from_utf8_lossy(&body)))
		})
	}
}

/// Reads a chunked HTTP body.
fn read_chunked(reader: &mut BufReader<TcpStream>) -> std::io::Result<Vec<u8>> {
	let mut body = Vec::new();
	loop {
		let mut size = String::new();
		reader.read_line(&mut size)?;
		let size = usize::from_str_radix(size.trim(), 16)
			.map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
		let mut chunk = vec![0; size + 2];
		reader.read_exact(&mut chunk)?;
		if size == 0 {
			return Ok(body);
		}
		body.extend_from_slice(&chunk[..size]);
	}
}
