package dev.bellwether.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body streamed into an import as it arrives ({@code POST /api/v1/imports/{kind}}): a failure to read it is
 * the sender's (the connection closed, or sent nothing for a minute), not ours. It is the file's problem then
 * ({@link ImportFile.Unreadable}): the import is rejected saying so, nothing written, rather than recorded as failed
 * on our side with an error in the log.
 */
final class ClientBody extends FilterInputStream {

    static final String STOPPED = "The upload stopped before the whole file arrived (the connection closed, or sent"
            + " nothing for a minute). Nothing was written: send the file again.";

    private final String file;

    ClientBody(InputStream in, String file) {
        super(in);
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw stopped(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException e) {
            throw stopped(e);
        }
    }

    private IOException stopped(IOException e) {
        return e instanceof ImportFile.Unreadable ? e : new ImportFile.Unreadable(ImportError.ofFile(file, STOPPED), e);
    }
}
