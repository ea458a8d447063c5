package com.wacampaigns.gateway.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An uploaded file, read to the end into a temporary file (refused with 413 past the
 * limit) before the import takes a database connection: a client that sends slowly holds
 * a socket, never a connection and a campaign lock.
 */
final class SpooledUpload implements AutoCloseable {

	private final Path file;

	private SpooledUpload(Path file) {
		this.file = file;
	}

	static SpooledUpload of(InputStream body, long maxBytes) throws IOException {
		Path file = Files.createTempFile("upload-", ".csv");
		try (InputStream in = new LimitedInputStream(body, maxBytes); OutputStream out = Files.newOutputStream(file)) {
			in.transferTo(out);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(file);
			throw ex;
		}
		return new SpooledUpload(file);
	}

	InputStream open() throws IOException {
		return new BufferedInputStream(Files.newInputStream(this.file), 256 * 1024);
	}

	@Override
	public void close() throws IOException {
		Files.deleteIfExists(this.file);
	}

}
