package io.tokenmint.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.databind.json.JsonMapper;

import io.tokenmint.validation.HeaderText;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records administrative changes (clients, grants, keys) in the audit log, in the transaction that makes the
 * change: the change and its record commit together or not at all. The actor is the authenticated caller of
 * the current request, or {@code system} for work no request asked for.
 */
@Component
public class AdminEvents {

	private static final String INSERT = """
			INSERT INTO audit_event (kind, occurred_at, caller_kind, caller_id, action, target, details, outcome,
			  remote_address, user_agent)
			VALUES ('admin', ?, ?, ?, ?, ?, ?, 'DONE', ?, ?)""";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock = Clock.systemUTC();

	AdminEvents(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * @param action what was done, such as {@code client.created}
	 * @param target the id of what it was done to
	 * @param details a summary of the change, such as {@code before} and {@code after}; never a secret
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String action, String target, Map<String, ?> details) {
		insert(Actor.current(), action, target, details);
	}

	/**
	 * Records a change the rotation schedule made, naming the replica that made it, so that the audit shows
	 * which replica acted for each step; with no replica, the change is the current caller's, as {@link #record}.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordBySchedule(@Nullable String replica, String action, String target, Map<String, ?> details) {
		insert(replica == null ? Actor.current() : new Actor("schedule", replica), action, target, details);
	}

	private void insert(Actor actor, String action, String target, Map<String, ?> details) {
		String remoteAddress = null;
		String userAgent = null;
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			remoteAddress = request.getRemoteAddr();
			userAgent = HeaderText.decode(request.getHeader(HttpHeaders.USER_AGENT));
		}
		jdbc.update(INSERT, Timestamp.from(clock.instant()), actor.kind(), AuditText.clean(actor.id(), AuditRow.FIELD_BYTES), action,
				AuditText.clean(target, AuditRow.FIELD_BYTES), json.writeValueAsString(new LinkedHashMap<>(details)),
				AuditText.clean(remoteAddress, AuditRow.ADDRESS_BYTES), AuditText.clean(userAgent, AuditRow.USER_AGENT_BYTES));
	}

	/** Who made a change: the authentication's name is {@code kind:id} (see CallerAuthentication). */
	private record Actor(String kind, String id) {

		static Actor current() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			String name = authentication == null || !authentication.isAuthenticated() ? null : authentication.getName();
			if (name == null || name.indexOf(':') < 1) {
				return new Actor("system", "system");
			}
			return new Actor(name.substring(0, name.indexOf(':')), name.substring(name.indexOf(':') + 1));
		}

	}

}
