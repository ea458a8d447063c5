package com.wacampaigns.gateway.csv;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import de.siegmar.fastcsv.writer.CsvWriter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import com.wacampaigns.gateway.auth.Caller;

/**
 * A campaign's CSV endpoints: the import of recipients and the report of the rows it
 * refused.
 */
@RestController
class CsvImportController {

	private final CsvImport csvImport;

	private final ImportTargets targets;

	private final JdbcCsvImports imports;

	CsvImportController(CsvImport csvImport, ImportTargets targets, JdbcCsvImports imports) {
		this.csvImport = csvImport;
		this.targets = targets;
		this.imports = imports;
	}

	/**
	 * Recipients from a CSV body ({@code text/csv}), streamed; each bad row is reported
	 * by line and the good ones are imported.
	 */
	@PostMapping(path = "/campaigns/{id}/recipients", consumes = { "text/csv", "application/octet-stream" })
	ImportReport importCsv(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, HttpServletRequest request)
			throws IOException {
		return this.csvImport.importInto(this.targets.of(Caller.from(jwt), id), request.getInputStream());
	}

	/** The same, as a multipart upload with the file in part {@code file}. */
	@PostMapping(path = "/campaigns/{id}/recipients", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ImportReport importCsvUpload(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id,
			@RequestPart("file") MultipartFile file) throws IOException {
		try (var in = file.getInputStream()) {
			return this.csvImport.importInto(this.targets.of(Caller.from(jwt), id), in);
		}
	}

	/** Every row the imports of this campaign rejected, and why. */
	@GetMapping(path = "/campaigns/{id}/import-errors", produces = "text/csv")
	ResponseEntity<StreamingResponseBody> importErrors(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		// A 404 unless the caller may see the campaign.
		this.targets.of(Caller.from(jwt), id);
		StreamingResponseBody body = (out) -> {
			try (CsvWriter csv = CsvWriter.builder().build(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
				csv.writeRecord("line", "value", "reason");
				this.imports.eachError(id,
						(error) -> csv.writeRecord(Long.toString(error.line()), error.value(), error.reason()));
			}
		};
		return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8")).body(body);
	}

}
