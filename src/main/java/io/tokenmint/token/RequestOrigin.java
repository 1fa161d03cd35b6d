package io.tokenmint.token;

/** Where a request came from, as the audit records it. */
record RequestOrigin(String remoteAddress, String userAgent) {
}
