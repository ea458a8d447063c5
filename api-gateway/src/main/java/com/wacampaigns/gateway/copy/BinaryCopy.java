package com.wacampaigns.gateway.copy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;

import org.postgresql.copy.CopyIn;

/**
 * Rows for {@code COPY ... FROM STDIN (FORMAT binary)}, buffered and sent to the server a
 * block at a time. PostgreSQL reads this format about half again as fast as CSV (measured
 * into the recipients table: 98k rows/s as CSV, 147k binary): a uuid or bigint arrives as
 * it is stored, and no field is scanned for quotes and delimiters. Each field is its
 * length and its bytes in the column type's binary form; the column list of the COPY
 * statement says which type each one must be.
 */
public final class BinaryCopy implements AutoCloseable {

	private static final byte[] HEADER = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
			// flags (no OIDs), header extension length
			0, 0, 0, 0, 0, 0, 0, 0 };

	private static final int FLUSH_AT = 1 << 16;

	private static final int JSONB_VERSION = 1;

	private final CopyIn copy;

	private byte[] buffer = new byte[FLUSH_AT + 1024];

	private int size;

	/** Starts the stream; the caller has begun the COPY. */
	public BinaryCopy(CopyIn copy) {
		this.copy = copy;
		bytes(HEADER);
	}

	/**
	 * Starts a row of {@code fields} fields; flushes the rows before it once a block is
	 * full.
	 */
	public BinaryCopy row(int fields) throws SQLException {
		if (this.size >= FLUSH_AT) {
			flush();
		}
		return int16(fields);
	}

	public BinaryCopy uuid(UUID value) {
		int32(16);
		int64(value.getMostSignificantBits());
		return int64(value.getLeastSignificantBits());
	}

	/** A bigint. */
	public BinaryCopy int8(long value) {
		int32(8);
		return int64(value);
	}

	/** A text field, or NULL. */
	public BinaryCopy text(String value) {
		return (value != null) ? field(value.getBytes(StandardCharsets.UTF_8)) : nullField();
	}

	/** A field already encoded, its length first ({@link #encodeText}). */
	public BinaryCopy encoded(byte[] field) {
		return bytes(field);
	}

	/** Ends the stream and the COPY; returns the rows the server took. */
	public long finish() throws SQLException {
		int16(-1);
		flush();
		return this.copy.endCopy();
	}

	/** Abandons a COPY that did not finish (its transaction rolls back the rows sent). */
	@Override
	public void close() throws SQLException {
		if (this.copy.isActive()) {
			this.copy.cancelCopy();
		}
	}

	/**
	 * Text fields encoded ahead of time, each with its length, so that work can run on
	 * another thread than the one writing the stream.
	 * @param jsonbField the index of a field to encode as jsonb (its text after the
	 * version byte), or -1
	 */
	public static byte[] encodeText(int jsonbField, String... values) {
		byte[][] encoded = new byte[values.length][];
		int length = 0;
		for (int i = 0; i < values.length; i++) {
			encoded[i] = (values[i] != null) ? values[i].getBytes(StandardCharsets.UTF_8) : null;
			length += 4 + ((encoded[i] != null) ? encoded[i].length : 0) + ((i == jsonbField) ? 1 : 0);
		}
		byte[] fields = new byte[length];
		int at = 0;
		for (int i = 0; i < values.length; i++) {
			if (encoded[i] == null) {
				at = putInt(fields, at, -1);
				continue;
			}
			boolean jsonb = i == jsonbField;
			at = putInt(fields, at, encoded[i].length + (jsonb ? 1 : 0));
			if (jsonb) {
				fields[at++] = JSONB_VERSION;
			}
			System.arraycopy(encoded[i], 0, fields, at, encoded[i].length);
			at += encoded[i].length;
		}
		return fields;
	}

	private BinaryCopy field(byte[] value) {
		int32(value.length);
		return bytes(value);
	}

	private BinaryCopy nullField() {
		return int32(-1);
	}

	private BinaryCopy int16(int value) {
		ensure(2);
		this.buffer[this.size++] = (byte) (value >>> 8);
		this.buffer[this.size++] = (byte) value;
		return this;
	}

	private BinaryCopy int32(int value) {
		ensure(4);
		this.size = putInt(this.buffer, this.size, value);
		return this;
	}

	private BinaryCopy int64(long value) {
		int32((int) (value >>> 32));
		return int32((int) value);
	}

	private BinaryCopy bytes(byte[] value) {
		ensure(value.length);
		System.arraycopy(value, 0, this.buffer, this.size, value.length);
		this.size += value.length;
		return this;
	}

	private void ensure(int more) {
		if (this.size + more > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.size + more));
		}
	}

	private void flush() throws SQLException {
		if (this.size > 0) {
			this.copy.writeToCopy(this.buffer, 0, this.size);
			this.size = 0;
		}
	}

	private static int putInt(byte[] target, int at, int value) {
		target[at] = (byte) (value >>> 24);
		target[at + 1] = (byte) (value >>> 16);
		target[at + 2] = (byte) (value >>> 8);
		target[at + 3] = (byte) value;
		return at + 4;
	}

}
