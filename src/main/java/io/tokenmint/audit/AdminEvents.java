package io.tokenmint.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.databind.json.JsonMapper;

import io.tokenmint.audit.stream.AuditStream;
import io.tokenmint.validation.HeaderText;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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
			  refusal_code, remote_address, user_agent)
			VALUES ('admin', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final AuditStream stream;

	AdminEvents(JdbcTemplate jdbc, JsonMapper json, Clock clock, AuditStream stream) {
		this.stream = stream;
		this.clock = clock;
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
		insert(Actor.current(), action, target, details, "DONE", null);
	}

	/**
	 * Records what a named actor did, committing on its own: a console sign-in or sign-out, where the
	 * authentication is being set up or torn down while the event is written.
	 *
	 * @param actor {@code kind:id}, as the authentication's name
	 */
	@Transactional
	public void recordAs(String actor, String action, String target, Map<String, ?> details) {
		insert(Actor.named(actor), action, target, details, "DONE", null);
	}

	/**
	 * Records an administrative request that was refused, such as a console sign-in with a wrong key or by an
	 * identity that is not an admin; it commits on its own, since nothing else happens.
	 *
	 * @param actorKind who tried, as far as is known: {@code anonymous}, or {@code user} for an identity the
	 *        operators' identity provider vouched for
	 * @param refusalCode why, as a stable code such as {@code INVALID_ADMIN_KEY}
	 */
	@Transactional
	public void recordRefused(String actorKind, String actorId, String action, String refusalCode, Map<String, ?> details) {
		insert(new Actor(actorKind, actorId), action, null, details, "REFUSED", refusalCode);
	}

	/**
	 * Records a change the rotation schedule made, naming the replica that made it, so that the audit shows
	 * which replica acted for each step; with no replica, the change is the current caller's, as {@link #record}.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordBySchedule(@Nullable String replica, String action, String target, Map<String, ?> details) {
		insert(replica == null ? Actor.current() : new Actor("schedule", replica), action, target, details, "DONE", null);
	}

	private void insert(Actor actor, String action, @Nullable String target, Map<String, ?> details, String outcome,
			@Nullable String refusalCode) {
		String remoteAddress = null;
		String userAgent = null;
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			remoteAddress = request.getRemoteAddr();
			userAgent = HeaderText.decode(request.getHeader(HttpHeaders.USER_AGENT));
		}
		// Microseconds, as the database keeps them: the streamed copy then equals the stored record.
		Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
		String actorId = AuditText.clean(actor.id(), AuditRow.FIELD_BYTES);
		String cleanTarget = AuditText.clean(target, AuditRow.FIELD_BYTES);
		String address = AuditText.clean(remoteAddress, AuditRow.ADDRESS_BYTES);
		String agent = AuditText.clean(userAgent, AuditRow.USER_AGENT_BYTES);
		jdbc.update(INSERT, Timestamp.from(at), actor.kind(), actorId, action, cleanTarget, json.writeValueAsString(new LinkedHashMap<>(details)),
				outcome, refusalCode, address, agent);
		if (stream.enabled()) {
			List<String> line = List.of(json.writeValueAsString(new AuditRecord(null, "admin", at, actor.kind(), actorId, action, cleanTarget,
					new LinkedHashMap<>(details), null, null, null, null, null, null, null, null, null, outcome, refusalCode, address, agent,
					false)));
			// A required sink takes it before the change commits, or the change does not happen; optional ones after.
			stream.writeRequired(line);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					stream.offer(line);
				}

			});
		}
	}

	/** Who made a change: the authentication's name is {@code kind:id} (see CallerAuthentication). */
	private record Actor(String kind, String id) {

		static Actor current() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			return named(authentication == null || !authentication.isAuthenticated() ? null : authentication.getName());
		}

		static Actor named(@Nullable String name) {
			if (name == null || name.indexOf(':') < 1) {
				return new Actor("system", "system");
			}
			return new Actor(name.substring(0, name.indexOf(':')), name.substring(name.indexOf(':') + 1));
		}

	}

}
