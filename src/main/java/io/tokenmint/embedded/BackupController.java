package io.tokenmint.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import io.tokenmint.audit.AdminEvents;
import io.tokenmint.release.Release;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code POST /admin/backup}: the embedded database as a zip, taken while the service serves, streamed to the
 * operator and not kept here. It holds every audit record and the managed keys (wrapped by the key-encryption key,
 * which it does not hold), so taking one is an admin event.
 */
@RestController
class BackupController {

	static final MediaType ZIP = MediaType.parseMediaType("application/zip");

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

	private final EmbeddedDatabaseBackup backup;

	private final AdminEvents events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final Release release = Release.current();

	BackupController(EmbeddedDatabaseBackup backup, AdminEvents events, Clock clock, TransactionTemplate transaction) {
		this.backup = backup;
		this.events = events;
		this.clock = clock;
		this.transaction = transaction;
	}

	@PostMapping(path = "/admin/backup", produces = "application/zip")
	ResponseEntity<StreamingResponseBody> backup() throws java.io.IOException {
		Path file = backup.write();
		long size;
		String name = "tokenmint-" + release.version() + "-" + STAMP.format(clock.instant()) + ".zip";
		try {
			size = Files.size(file);
			transaction.executeWithoutResult(status -> events.record("database.backed-up", name, Map.of("bytes", size)));
		}
		catch (RuntimeException | java.io.IOException ex) {
			Files.deleteIfExists(file);
			throw ex;
		}
		StreamingResponseBody body = out -> {
			try {
				Files.copy(file, out);
			}
			finally {
				Files.deleteIfExists(file);
			}
		};
		return ResponseEntity.ok()
			.contentType(ZIP)
			.contentLength(size)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.body(body);
	}

}
