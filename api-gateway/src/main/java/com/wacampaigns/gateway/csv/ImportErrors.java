package com.wacampaigns.gateway.csv;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.wacampaigns.gateway.copy.BinaryCopy;
import com.wacampaigns.gateway.csv.ImportReport.LineError;

/**
 * The rejected rows of one import, in line order, held in a temporary file rather than in
 * memory (a file of ten million bad rows would otherwise take a gigabyte of heap); only
 * the first few are kept for the answer. They go to the report table at the end, once the
 * recipients' COPY has closed (one COPY at a time on a connection).
 */
final class ImportErrors implements AutoCloseable {

	/** A rejected value is kept up to this many characters in the report. */
	private static final int MAX_VALUE_CHARS = 1000;

	private final Path file;

	private final DataOutputStream out;

	private final int listedAtMost;

	private final List<LineError> listed = new ArrayList<>();

	private long count;

	private long rejected;

	ImportErrors(int listedAtMost) throws IOException {
		this.listedAtMost = listedAtMost;
		this.file = Files.createTempFile("import-errors-", ".bin");
		this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(this.file), 64 * 1024));
	}

	/** Adds a line's problem; problems come in line order. */
	void add(LineError error) {
		LineError kept = new LineError(error.line(), shortened(error.value()), error.kind(), error.reason());
		if (kept.kind().isRejection()) {
			this.rejected++;
		}
		if (this.listed.size() < this.listedAtMost) {
			this.listed.add(kept);
		}
		try {
			this.out.writeLong(kept.line());
			this.out.writeBoolean(kept.value() != null);
			if (kept.value() != null) {
				this.out.writeUTF(kept.value());
			}
			this.out.writeUTF(kept.reason());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not keep the import's errors", ex);
		}
		this.count++;
	}

	/** Rows refused (suppressed numbers are imported, so not counted). */
	long rejected() {
		return this.rejected;
	}

	/** The first problems, for the answer. */
	List<LineError> listed() {
		return this.listed;
	}

	/** Writes every problem into the report table through {@code copy}. */
	void copyTo(UUID campaignId, BinaryCopy copy) throws IOException, SQLException {
		this.out.flush();
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(this.file)))) {
			for (long i = 0; i < this.count; i++) {
				long line = in.readLong();
				String value = in.readBoolean() ? in.readUTF() : null;
				String reason = in.readUTF();
				copy.row(4).uuid(campaignId).int8(line).text(value).text(reason);
			}
		}
		catch (EOFException ex) {
			throw new IllegalStateException("The import's error file ended early", ex);
		}
		copy.finish();
	}

	boolean isEmpty() {
		return this.count == 0;
	}

	/** writeUTF takes at most 65,535 bytes; a report needs far less of a bad value. */
	private static String shortened(String value) {
		return (value != null && value.length() > MAX_VALUE_CHARS) ? value.substring(0, MAX_VALUE_CHARS) + "…" : value;
	}

	@Override
	public void close() throws IOException {
		try {
			this.out.close();
		}
		finally {
			Files.deleteIfExists(this.file);
		}
	}

}
