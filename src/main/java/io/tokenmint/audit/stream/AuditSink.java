package io.tokenmint.audit.stream;

import java.io.IOException;
import java.util.List;

/** One place the audit is streamed to. Writes come from one thread at a time. */
interface AuditSink extends AutoCloseable {

	/** Writes the records, one JSON line each, in order; returns once the receiver has them, or throws. */
	void write(List<String> lines) throws IOException;

	@Override
	void close();

}
