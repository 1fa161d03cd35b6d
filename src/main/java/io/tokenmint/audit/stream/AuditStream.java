package io.tokenmint.audit.stream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The configured sinks, in the order the audit writes to them: {@link #writeRequired} inside the transaction that
 * commits the records (a required sink that cannot take them rolls the records back and refuses their requests), then
 * {@link #offer} once it committed. With no sink configured both do nothing.
 */
@Component
public class AuditStream implements DisposableBean {

	private final List<Outlet> required = new ArrayList<>();

	private final List<Outlet> optional = new ArrayList<>();

	AuditStream(AuditStreamProperties properties, Clock clock, MeterRegistry meters) {
		for (AuditStreamProperties.Sink sink : properties.sinks()) {
			Outlet outlet = new Outlet(open(sink, properties), sink.name(), sink.required(), properties.buffer(), clock, meters);
			(sink.required() ? required : optional).add(outlet);
		}
	}

	/** No sinks: the audit goes to the database only (for code that builds the audit log by hand, such as its tests). */
	public static AuditStream none() {
		return new AuditStream(new AuditStreamProperties(List.of(), 1, java.time.Duration.ofSeconds(1)), Clock.systemUTC(),
				new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
	}

	private static AuditSink open(AuditStreamProperties.Sink sink, AuditStreamProperties properties) {
		return switch (sink.type()) {
			case STDOUT -> new StandardOutputSink(System.out);
			case FILE -> {
				if (sink.path() == null || sink.path().isBlank()) {
					throw new io.tokenmint.ConfigurationProblem("tokenmint.audit.stream.sinks[].path", null, "required for a file sink",
							"Name the file, such as data/audit/audit.log.");
				}
				yield new FileSink(sink);
			}
			case SYSLOG -> new SyslogSink(sink, properties.timeout());
		};
	}

	/** Whether any sink is configured: the audit then makes a JSON line of each record. */
	public boolean enabled() {
		return !required.isEmpty() || !optional.isEmpty();
	}

	/**
	 * Writes the records to every required sink before their transaction commits.
	 *
	 * @throws AuditSinkUnavailable when one cannot take them
	 */
	public void writeRequired(List<String> lines) {
		for (Outlet outlet : required) {
			outlet.write(lines);
		}
	}

	/** Hands committed records to every optional sink's buffer; never waits. */
	public void offer(List<String> lines) {
		for (Outlet outlet : optional) {
			outlet.offer(lines);
		}
	}

	List<Outlet> outlets() {
		List<Outlet> all = new ArrayList<>(required);
		all.addAll(optional);
		return all;
	}

	@Override
	public void destroy() {
		outlets().forEach(Outlet::close);
	}

}
