package io.tokenmint.audit.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The file sink rotates by size and keeps what it is told to; standard output gets one line per record. */
class AuditSinksTests {

	private static AuditStreamProperties.Sink file(Path path, String maxSize, int maxFiles) {
		return new AuditStreamProperties.Sink(AuditStreamProperties.Type.FILE, false, path.toString(), DataSize.parse(maxSize), maxFiles, null,
				514, false, null, "tokenmint", "LOCAL0");
	}

	@Test
	void aFileIsRotatedBySizeAndOnlyTheNewestAreKept() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-audit-file");
		Path path = dir.resolve("audit.log");
		List<String> written = new ArrayList<>();
		try (FileSink sink = new FileSink(file(path, "2KB", 2))) {
			for (int i = 0; i < 100; i++) {
				String line = "{\"kind\":\"token\",\"n\":" + i + ",\"pad\":\"" + "x".repeat(80) + "\"}";
				written.add(line);
				sink.write(List.of(line));
			}
		}
		try (Stream<Path> files = Files.list(dir)) {
			assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("audit.log", "audit.log.1", "audit.log.2");
		}
		for (Path kept : List.of(path, dir.resolve("audit.log.1"), dir.resolve("audit.log.2"))) {
			assertThat(Files.size(kept)).as(kept.toString()).isLessThanOrEqualTo(DataSize.parse("2KB").toBytes() + 200);
		}
		List<String> newest = new ArrayList<>(Files.readAllLines(dir.resolve("audit.log.2")));
		newest.addAll(Files.readAllLines(dir.resolve("audit.log.1")));
		newest.addAll(Files.readAllLines(path));
		assertThat(newest).as("whole lines, the newest, in order").isEqualTo(written.subList(written.size() - newest.size(), written.size()));
	}

	@Test
	void aFileThatCannotBeWrittenFails() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-audit-file");
		Path path = dir.resolve("audit.log");
		try (FileSink sink = new FileSink(file(path, "1MB", 1))) {
			sink.write(List.of("{\"n\":1}"));
			Files.delete(path);
			Files.createDirectory(path);
			sink.close();
			assertThatThrownBy(() -> sink.write(List.of("{\"n\":2}"))).isInstanceOf(IOException.class);
		}
	}

	@Test
	void standardOutputGetsOneLinePerRecord() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (StandardOutputSink sink = new StandardOutputSink(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
			sink.write(List.of("{\"n\":1}", "{\"n\":2,\"é\":\"ü\"}"));
		}
		assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}\n{\"n\":2,\"é\":\"ü\"}\n");
	}

}
