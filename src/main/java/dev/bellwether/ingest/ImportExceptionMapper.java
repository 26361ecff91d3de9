package dev.bellwether.ingest;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.bellwether.web.ApiError;

/** API answers for imports that could not run: 413 over the size limit, 409 while another runs. */
public class ImportExceptionMapper {

    @ServerExceptionMapper
    public Response tooLarge(ImportTooLargeException e) {
        return Response.status(413).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ImportApi.UploadAnswer(null, ImportStatus.REJECTED, null, null, null, 1L,
                        List.of(ImportError.ofFile(e.file(), e.getMessage())), e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response busy(ImportBusyException e) {
        if (e.status() == 429) {
            return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "60")
                    .entity(new ApiError(429, "too_many_requests", e.getMessage())).build();
        }
        return Response.status(409).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(409, "conflict", e.getMessage())).build();
    }
}
