package io.tokenmint.document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;

/**
 * Either the catch-all {@code "all"} or a non-empty set of named permissions, as the {@code permissions}
 * claim, a client's maximum and a grant express them.
 */
public final class PermissionSet {

	public static final String ALL_NAME = "all";

	public static final PermissionSet ALL = new PermissionSet(true, EnumSet.noneOf(Permission.class));

	/** What a client for profiles that open no documents (moengage, braze) may grant in documents: nothing. */
	public static final PermissionSet NONE = new PermissionSet(false, EnumSet.noneOf(Permission.class));

	private final boolean all;

	private final Set<Permission> permissions;

	private PermissionSet(boolean all, Set<Permission> permissions) {
		this.all = all;
		this.permissions = permissions;
	}

	public static PermissionSet of(Collection<Permission> permissions) {
		if (permissions.isEmpty()) {
			throw new IllegalArgumentException("a permission set is never empty");
		}
		return new PermissionSet(false, EnumSet.copyOf(permissions));
	}

	/**
	 * Reads a JSON value, {@code "all"} or an array of names, adding what is wrong to {@code violations}.
	 * @return the set, or {@code null} when the value broke a rule
	 */
	public static PermissionSet parse(Object raw, String pointer, List<Violation> violations) {
		if (raw instanceof String text) {
			if (ALL_NAME.equals(text)) {
				return ALL;
			}
			violations.add(new Violation(ProblemCode.INVALID_PERMISSION, pointer,
					"permissions must be \"all\" or an array of permission names"));
			return null;
		}
		if (!(raw instanceof List<?> list)) {
			violations.add(new Violation(ProblemCode.WRONG_TYPE, pointer,
					"permissions must be \"all\" or an array of permission names"));
			return null;
		}
		if (list.isEmpty()) {
			violations.add(new Violation(ProblemCode.PERMISSIONS_EMPTY, pointer,
					"an empty permission list would issue a useless token; name at least one permission"));
			return null;
		}
		int before = violations.size();
		EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
		boolean sawAll = false;
		for (int i = 0; i < list.size(); i++) {
			Object item = list.get(i);
			if (ALL_NAME.equals(item)) {
				sawAll = true;
			}
			else if (item instanceof String name && Permission.fromClaimName(name).isPresent()) {
				permissions.add(Permission.fromClaimName(name).get());
			}
			else {
				violations.add(new Violation(ProblemCode.INVALID_PERMISSION, pointer + "/" + i,
						"unknown permission; use read-document, write, download, cover-image or \"all\""));
			}
		}
		if (sawAll && (list.size() > 1)) {
			violations.add(new Violation(ProblemCode.PERMISSIONS_ALL_MIXED, pointer,
					"\"all\" already includes every permission; send it alone"));
		}
		if (violations.size() > before) {
			return null;
		}
		return sawAll ? ALL : new PermissionSet(false, permissions);
	}

	/** Reads names this service stored itself. */
	public static PermissionSet fromNames(List<String> names) {
		if (names.isEmpty() || names.equals(List.of(""))) {
			return NONE;
		}
		List<Violation> violations = new ArrayList<>();
		Object raw = names.equals(List.of(ALL_NAME)) ? ALL_NAME : names;
		PermissionSet set = parse(raw, "", violations);
		if (set == null) {
			throw new IllegalArgumentException("stored permission names do not parse: " + violations);
		}
		return set;
	}

	public boolean isAll() {
		return all;
	}

	/** Whether every permission in {@code requested} is also in this set. */
	public boolean covers(PermissionSet requested) {
		return all || (!requested.all && permissions.containsAll(requested.permissions));
	}

	/** The names in {@code requested} that this set does not cover. */
	public List<String> uncovered(PermissionSet requested) {
		if (covers(requested)) {
			return List.of();
		}
		if (requested.all) {
			return List.of(ALL_NAME);
		}
		return requested.permissions.stream().filter(p -> !permissions.contains(p)).map(Permission::claimName).toList();
	}

	public PermissionSet union(PermissionSet other) {
		if (all || other.all) {
			return ALL;
		}
		EnumSet<Permission> union = EnumSet.copyOf(permissions);
		union.addAll(other.permissions);
		return new PermissionSet(false, union);
	}

	/** As stored and shown in admin answers: {@code ["all"]} or the names in a fixed order. */
	public List<String> names() {
		return all ? List.of(ALL_NAME) : permissions.stream().map(Permission::claimName).toList();
	}

	/** As the {@code permissions} claim: the string {@code "all"} or an array of names. */
	public Object claimValue() {
		return all ? ALL_NAME : names();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PermissionSet that && all == that.all && permissions.equals(that.permissions);
	}

	@Override
	public int hashCode() {
		return Boolean.hashCode(all) * 31 + permissions.hashCode();
	}

	@Override
	public String toString() {
		return names().toString();
	}

}
