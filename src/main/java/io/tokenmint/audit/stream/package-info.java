/**
 * The audit streamed to operators' collectors as it is written: every record, issued, refused or administrative,
 * as one JSON line with the export's fields, to standard output, a size-rotated file, or syslog (RFC 5424 over
 * TCP, TLS optional). A required sink has the record before the answer leaves, or the request is refused; an
 * optional one is fed through a bounded buffer and never slows a request, and what it drops is counted.
 */
@NullMarked
package io.tokenmint.audit.stream;

import org.jspecify.annotations.NullMarked;
