//! What the facade's tests share: the facade's process, a reader that keeps every answer
//! for the validators, and the validators' run.

#![allow(dead_code)]

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command},
	time::{Duration, Instant},
};

use serde_json::Value;

/// The facade's process, stopped when dropped.
pub struct Facade {
	child: Child,
	pub url: String,
}

impl Facade {
	/// The facade on `node`, with `args` besides, logging to `log`.
	pub fn start(node: &str, log: &Path, args: &[&str]) -> Facade {
		let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
		let log = std::fs::File::create(log).unwrap();
		let child = Command::new(env!("CARGO_BIN_EXE_medchain-fhir"))
			.args(["--node", node, "--listen", &format!("127.0.0.1:{port}")])
			.args(args)
			.stderr(log.try_clone().unwrap())
			.stdout(log)
			.spawn()
			.expect("the medchain-fhir binary starts");
		let started = Instant::now();
		while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
			assert!(started.elapsed() < Duration::from_secs(60), "the facade did not start");
			std::thread::sleep(Duration::from_millis(200));
		}
		Facade { child, url: format!("http://127.0.0.1:{port}") }
	}
}

impl Drop for Facade {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// Reads from the facade, keeping every answer for the validators.
pub struct Reader {
	http: reqwest::Client,
	facade: String,
	pub kept: PathBuf,
	count: usize,
}

impl Reader {
	/// A reader of the facade at `facade`, keeping what it reads under `kept`.
	pub fn new(facade: &str, kept: PathBuf) -> Reader {
		std::fs::create_dir_all(&kept).unwrap();
		Reader { http: reqwest::Client::new(), facade: facade.to_string(), kept, count: 0 }
	}

	fn url(&self, url: &str) -> String {
		if url.starts_with("http") {
			url.to_string()
		} else {
			format!("{}{url}", self.facade)
		}
	}

	/// `GET url` (absolute, or a path under the facade): its status and its JSON, kept.
	pub async fn get(&mut self, url: &str) -> (u16, Value) {
		let url = self.url(url);
		let response = self.http.get(&url).send().await.expect("the facade answers");
		self.keep(&url, response).await
	}

	/// `POST body` to `path` under the facade: the status, the `Location`, and the JSON
	/// answer, kept.
	pub async fn post(&mut self, path: &str, body: &str) -> (u16, Option<String>, Value) {
		let url = self.url(path);
		let response = self
			.http
			.post(&url)
			.header(reqwest::header::CONTENT_TYPE, "application/fhir+json")
			.body(body.to_string())
			.send()
			.await
			.expect("the facade answers");
		let location = response
			.headers()
			.get(reqwest::header::LOCATION)
			.map(|l| l.to_str().unwrap().to_string());
		let (status, json) = self.keep(&url, response).await;
		(status, location, json)
	}

	/// A refused `POST`: its status, and its OperationOutcome's issue.
	pub async fn post_refused(&mut self, path: &str, body: &str, status: u16, code: &str) -> Value {
		let (got, _, json) = self.post(path, body).await;
		outcome_issue(path, got, json, status, code)
	}

	async fn keep(&mut self, url: &str, response: reqwest::Response) -> (u16, Value) {
		let status = response.status().as_u16();
		let kind = response.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().to_string();
		assert!(kind.starts_with("application/fhir+json"), "{url}: {kind}");
		let body = response.bytes().await.unwrap();
		let json: Value = serde_json::from_slice(&body).unwrap_or_else(|e| {
			panic!("{url}: not JSON ({e}): {}", String::from_utf8_lossy(&body))
		});
		self.count += 1;
		std::fs::write(self.kept.join(format!("{:03}.json", self.count)), &body).unwrap();
		(status, json)
	}

	pub async fn ok(&mut self, url: &str) -> Value {
		let (status, json) = self.get(url).await;
		assert_eq!(status, 200, "{url}: {json}");
		json
	}

	/// A refusal: its status, and its OperationOutcome's issue.
	pub async fn refused(&mut self, url: &str, status: u16, code: &str) -> Value {
		let (got, json) = self.get(url).await;
		outcome_issue(url, got, json, status, code)
	}
}

/// The issue of an OperationOutcome answered with `got`, checked to be `status` and `code`.
fn outcome_issue(url: &str, got: u16, json: Value, status: u16, code: &str) -> Value {
	assert_eq!(
		(got, json["resourceType"].as_str()),
		(status, Some("OperationOutcome")),
		"{url}: {json}"
	);
	let issue = json["issue"][0].clone();
	assert_eq!(issue["code"], code, "{url}: {json}");
	issue
}

/// The ids of a Bundle's resources.
pub fn ids(bundle: &Value) -> Vec<String> {
	let entries = bundle["entry"].as_array().cloned().unwrap_or_default();
	entries.iter().map(|e| e["resource"]["id"].as_str().unwrap().to_string()).collect()
}

/// The URL of a Bundle's link of `relation`.
pub fn link(bundle: &Value, relation: &str) -> Option<String> {
	let links = bundle["link"].as_array()?;
	let found = links.iter().find(|l| l["relation"] == relation)?;
	found["url"].as_str().map(str::to_string)
}

/// Runs clients/fhir/validation/validate.py over every kept resource.
pub fn validate(kept: &Path) {
	let cache = std::env::var_os("MEDCHAIN_CACHE").map(PathBuf::from).unwrap_or_else(|| {
		PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/medchain")
	});
	let python = cache.join("fhir-venv/bin/python");
	assert!(
		python.exists(),
		"run scripts/setup.sh: it installs the validators into {}",
		python.display()
	);
	let validation = Path::new(env!("CARGO_MANIFEST_DIR")).join("validation");
	let output = Command::new(python)
		.arg(validation.join("validate.py"))
		.arg(kept)
		.output()
		.expect("the validator runs");
	let report = String::from_utf8_lossy(&output.stdout).to_string()
		+ &String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "not valid FHIR R5:\n{report}");
	let resources = std::fs::read_dir(kept).unwrap().count();
	let valid = report.lines().filter(|line| line.starts_with("ok ")).count();
	assert_eq!(valid, resources, "every resource validated:\n{report}");
}
