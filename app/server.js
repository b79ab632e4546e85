// cellmesh demo service: answers with its own identity plus the answers of its
// backends, so one request shows the whole call chain across cells/accounts.
// Single file, no dependencies: it must also run as `node -e "<this file>"`
// on the stock public Node image (that is how the Pulumi program starts it).
'use strict';
const http = require('node:http');
const os = require('node:os');
const { URL } = require('node:url');

const PORT = Number(process.env.PORT || 5001);
const SERVICE_NAME = process.env.SERVICE_NAME || 'service';
const CELL_NAME = process.env.CELL_NAME || 'cell';
const BACKEND_TIMEOUT_MS = Number(process.env.BACKEND_TIMEOUT_MS || 2000);
const BACKENDS = (process.env.BACKENDS || '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

// GET <base>/ and parse the JSON answer. Never rejects: a failing backend
// becomes an { url, error } entry so the caller still sees the rest of the chain.
function callBackend(base) {
  return new Promise((resolve) => {
    let done = false;
    let timer;
    const finish = (entry) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        resolve(entry);
      }
    };
    // Node 20 may report a failed multi-address connect as an AggregateError with an empty message.
    const fail = (err) => finish({ url: base, error: err.message || err.code || String(err) });
    let target;
    try {
      target = new URL('/', base);
    } catch (err) {
      return fail(err);
    }
    const req = http.get(target, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (data += chunk));
      res.on('error', fail);
      res.on('end', () => {
        let body;
        try {
          body = JSON.parse(data);
        } catch {
          return finish({ url: base, error: `invalid JSON from backend (status ${res.statusCode})` });
        }
        // A non-2xx answer (e.g. this backend's own backend is down) is passed through as-is:
        // the error entry stays at the level where it happened, the status propagates upward.
        finish({ url: base, status: res.statusCode, body });
      });
    });
    req.on('error', fail);
    // A deadline for the whole exchange (the socket 'timeout' option only measures idle time);
    // destroying the request surfaces as an 'error' with this message.
    timer = setTimeout(() => req.destroy(new Error(`timeout after ${BACKEND_TIMEOUT_MS}ms`)), BACKEND_TIMEOUT_MS);
  });
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer(async (req, res) => {
  const started = Date.now();
  res.on('finish', () => {
    console.log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
  });
  // Plain split rather than new URL(): a request line like `GET //` would make URL throw.
  const path = (req.url || '/').split('?')[0];
  if (req.method === 'GET' && path === '/health') {
    return send(res, 200, { status: 'ok' });
  }
  if (req.method === 'GET' && path === '/') {
    const backends = await Promise.all(BACKENDS.map(callBackend));
    const failed = backends.some((b) => b.error !== undefined || b.status < 200 || b.status > 299);
    return send(res, failed ? 502 : 200, {
      service: SERVICE_NAME,
      cell: CELL_NAME,
      host: os.hostname(),
      backends,
    });
  }
  send(res, 404, { error: 'not found' });
});

server.listen(PORT, () => {
  console.log(`${SERVICE_NAME} (${CELL_NAME}) listening on :${PORT}, backends: ${BACKENDS.join(', ') || 'none'}`);
});

// ECS/Kubernetes stop tasks with SIGTERM: stop accepting connections and exit
// cleanly; idle keep-alive sockets are closed so close() does not hang.
function shutdown(signal) {
  console.log(`${signal} received, shutting down`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
