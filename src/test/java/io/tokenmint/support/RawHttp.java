package io.tokenmint.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 client that writes header bytes exactly as given, which Java's HttpClient refuses to do:
 * UTF-8 user agents as real apps send them, and arbitrary bytes as attackers do.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** @param headers whole header lines without their CRLF, as bytes */
	public static Answer send(int port, String method, String path, List<byte[]> headers, String body) {
		return send("127.0.0.1", port, method, path, headers, body);
	}

	/**
	 * The same from a chosen loopback address (any of 127.0.0.0/8 reaches the service), so that tests of
	 * per-address limits can each be a stranger of their own.
	 */
	public static Answer send(String fromAddress, int port, String method, String path, List<byte[]> headers, String body) {
		try (Socket socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), port, java.net.InetAddress.getByName(fromAddress), 0)) {
			socket.setSoTimeout(30_000);
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
			request.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
			for (byte[] header : headers) {
				request.write(header);
				request.write('\r');
				request.write('\n');
			}
			if (body != null) {
				request.write(("Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
			}
			request.write('\r');
			request.write('\n');
			request.write(content);
			socket.getOutputStream().write(request.toByteArray());
			socket.getOutputStream().flush();
			return parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static byte[] header(String name, byte[] value) {
		byte[] prefix = (name + ": ").getBytes(StandardCharsets.ISO_8859_1);
		byte[] line = new byte[prefix.length + value.length];
		System.arraycopy(prefix, 0, line, 0, prefix.length);
		System.arraycopy(value, 0, line, prefix.length, value.length);
		return line;
	}

	public static byte[] header(String name, String utf8Value) {
		return header(name, utf8Value.getBytes(StandardCharsets.UTF_8));
	}

	private static Answer parse(byte[] raw) {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (!text.startsWith("HTTP/1.1 ") || end < 0) {
			throw new IllegalStateException("not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
		}
		int status = Integer.parseInt(text.substring(9, 12));
		String contentType = null;
		boolean chunked = false;
		for (String line : text.substring(0, end).split("\r\n")) {
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-type:")) {
				contentType = line.substring(13).trim();
			}
			if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
		}
		byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
		return new Answer(status, contentType, new String(chunked ? dechunk(body) : body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (InputStream in = new java.io.ByteArrayInputStream(body)) {
			while (true) {
				StringBuilder size = new StringBuilder();
				int c;
				while ((c = in.read()) != '\r' && c != -1) {
					size.append((char) c);
				}
				in.read();
				int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
				if (length == 0) {
					return out.toByteArray();
				}
				out.write(in.readNBytes(length));
				in.read();
				in.read();
			}
		}
		catch (IOException | NumberFormatException ex) {
			return out.toByteArray();
		}
	}

	/** What came back; the body decoded as UTF-8. */
	public record Answer(int status, String contentType, String body) {

		@Override
		public String toString() {
			return status + " " + contentType + " " + body.substring(0, Math.min(500, body.length()));
		}

	}

}
