// The fair peer of bench/run.sh: what Nutrient's own examples do, a few lines of Node.js (http + jsonwebtoken)
// that sign whatever they are asked, with no authentication, policy or audit. One process, one core.
// Usage: node node-peer.js <port> <private key PEM file> <RS256|ES256>
const http = require('http');
const fs = require('fs');
const jwt = require('jsonwebtoken');

const [port, keyFile, algorithm] = process.argv.slice(2);
// Parsed once, as a long-running script would; parsing the PEM on every call costs more than the signature.
const key = require("crypto").createPrivateKey(fs.readFileSync(keyFile));

http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const r = JSON.parse(body);
    const token = jwt.sign({ document_id: r.document_id, user_id: r.user_id, permissions: r.permissions }, key,
      { algorithm, expiresIn: 3600, keyid: 'node-peer' });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token }));
  });
}).listen(Number(port), '127.0.0.1');
