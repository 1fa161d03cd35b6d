package io.tokenmint.release;

/** This release is older than the oldest release the database still serves: a newer one has contracted it. */
class DatabaseContractedByNewerRelease extends IllegalStateException {

	private final String release;

	private final String oldestRelease;

	DatabaseContractedByNewerRelease(String release, String oldestRelease) {
		super("release " + release + " cannot run on this database: a newer release has removed what it reads; the oldest release "
				+ "that can run here is " + oldestRelease);
		this.release = release;
		this.oldestRelease = oldestRelease;
	}

	String release() {
		return release;
	}

	String oldestRelease() {
		return oldestRelease;
	}

}
