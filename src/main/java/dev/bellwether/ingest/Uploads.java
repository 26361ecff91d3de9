package dev.bellwether.ingest;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Turns uploaded files (CSVs named {@code <kind>.csv}, or zips holding them at their top level)
 * into the {@link ImportFile}s of one import, with a problem for every name or archive that
 * does not fit the contract. Zips are read from disk entry by entry, never unpacked whole.
 */
public final class Uploads implements AutoCloseable {

    /** Archive members that tools add on their own and that carry no data. */
    private static final List<String> IGNORED_PREFIXES = List.of("__MACOSX/");
    /**
     * Files of an export zip (docs/export.md) that are not import formats: the notes, kept for the record.
     * Skipped, so an export imports as is.
     */
    private static final List<String> EXPORT_EXTRAS = List.of("notes.csv");
    /** An export zip's health model (docs/export.md), saved with the import's rows. */
    public static final String HEALTH_MODEL = "health-model.json";
    /** An export zip's organisation settings (docs/export.md), saved with the import's rows. */
    public static final String SETTINGS = "settings.json";
    /** The most a health model's JSON takes: an export's is a few kilobytes. */
    private static final long MAX_MODEL_BYTES = 1024 * 1024;
    private static final int MAX_ZIP_ENTRIES = 64;

    /** An uploaded file on disk, as the HTTP layer received it. */
    public record Part(String fileName, Path path) {
    }

    private final List<ImportFile> files = new ArrayList<>();
    private final List<ImportError> problems = new ArrayList<>();
    /** Every part as it was sent, by name and size: what the history lists for an upload refused at once. */
    private final List<ImportRecord.FileInfo> sent = new ArrayList<>();
    private final List<ZipFile> open = new ArrayList<>();
    private final Map<ImportKind, String> seen = new EnumMap<>(ImportKind.class);
    private final long maxFileBytes;
    private String healthModel;
    private String settings;

    private Uploads(long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * Examines the parts; throws {@link ImportTooLargeException} for a file over the limit. The
     * result holds zips open until it is closed.
     */
    public static Uploads of(List<Part> parts, long maxFileBytes) throws IOException {
        Uploads uploads = new Uploads(maxFileBytes);
        try {
            if (parts.isEmpty()) {
                uploads.problems.add(ImportError.ofFile(null,
                        "No file was sent: attach one or more CSV files (or one .zip) as parts named 'file'."));
            }
            for (Part part : parts) {
                uploads.add(part);
            }
        } catch (IOException | RuntimeException e) {
            uploads.close();
            throw e;
        }
        return uploads;
    }

    /** A single CSV sent as a request body, streamed as it arrives. */
    public static Uploads ofBody(ImportKind kind, ImportFile.Opener body, long declaredBytes, long maxFileBytes) {
        Uploads uploads = new Uploads(maxFileBytes);
        if (declaredBytes > maxFileBytes) {
            throw new ImportTooLargeException(kind.fileName(), maxFileBytes);
        }
        uploads.files.add(new ImportFile(kind.fileName(), kind, declaredBytes,
                () -> new LimitedInputStream(new ClientBody(body.open(), kind.fileName()), kind.fileName(),
                        maxFileBytes), false));
        return uploads;
    }

    public List<ImportFile> files() {
        return Collections.unmodifiableList(files);
    }

    public List<ImportError> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** The parts as they were sent (a zip as itself), without a kind: none of them may be one. */
    public List<ImportRecord.FileInfo> sent() {
        return Collections.unmodifiableList(sent);
    }

    /** The text of the zip's {@value #HEALTH_MODEL}, when it holds one. */
    public Optional<String> healthModel() {
        return Optional.ofNullable(healthModel);
    }

    /** Whether the zip holds an export's health model or settings: something to import besides rows. */
    public boolean holdsExportJson() {
        return healthModel != null || settings != null;
    }

    /** The text of the zip's {@value #SETTINGS}, when it holds one. */
    public Optional<String> settings() {
        return Optional.ofNullable(settings);
    }

    /** The text of an export's JSON file in the zip (at most 1 MB), or null with its problem. */
    private String json(ZipFile zip, ZipEntry entry, String label, String what) throws IOException {
        if (entry.getSize() > MAX_MODEL_BYTES) {
            problems.add(ImportError.ofFile(label, what + " takes at most 1 MB: this is not one."));
            return null;
        }
        try (InputStream in = entryData(zip, entry, label)) {
            String text = new String(in.readNBytes((int) MAX_MODEL_BYTES + 1), StandardCharsets.UTF_8);
            // a byte order mark, as Notepad or PowerShell 5 write one, as a CSV may begin with it
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (ImportFile.Unreadable e) {
            problems.add(e.problem());
            return null;
        }
    }

    private void add(Part part) throws IOException {
        String name = baseName(part.fileName());
        if (name.indexOf('\0') >= 0) {
            problems.add(ImportError.ofFile(name, "The file's name holds U+0000 (a NUL character), which no name"
                    + " may hold: rename the file."));
            return;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        long size = Files.size(part.path());
        sent.add(new ImportRecord.FileInfo(name, null, size));
        if (lower.endsWith(".zip")) {
            addZip(name, part.path());
        } else if (lower.endsWith(".csv")) {
            if (size > maxFileBytes) {
                throw new ImportTooLargeException(name, maxFileBytes);
            }
            addCsv(name, name, size,
                    () -> new LimitedInputStream(Files.newInputStream(part.path()), name, maxFileBytes));
        } else {
            problems.add(ImportError.ofFile(name,
                    "Only CSV files (named like mrr.csv) and .zip archives of them can be imported."));
        }
    }

    /**
     * One CSV of the upload: {@code name} names it in its own problems, {@code place} says where it came from
     * (an archive's name before it), so that a kind sent twice names both places.
     */
    private void addCsv(String name, String place, long size, ImportFile.Opener opener) {
        var kind = ImportKind.ofFileName(name);
        if (kind.isEmpty()) {
            problems.add(ImportError.ofFile(name, "The file name must say what it holds: one of "
                    + ImportKind.fileNames() + "."));
            return;
        }
        String previous = seen.putIfAbsent(kind.get(), place);
        if (previous != null) {
            problems.add(ImportError.ofFile(place, kind.get().fileName() + " appears twice in this import (also as "
                    + previous + "): send each kind once."));
            return;
        }
        files.add(new ImportFile(name, kind.get(), size, opener, true));
    }

    /**
     * The archive at {@code path}. Its names are UTF-8 when it says so, as today's tools write them; older
     * Windows tools wrote a name outside ASCII in the DOS code page without saying so, which Java refuses as
     * a broken archive: those are read as that code page instead (an ASCII name reads the same either way).
     */
    private static ZipFile openZip(Path path) throws IOException {
        try {
            return new ZipFile(path.toFile());
        } catch (ZipException notUtf8) {
            try {
                return new ZipFile(path.toFile(), Charset.forName("IBM437"));
            } catch (ZipException e) {
                throw notUtf8;
            }
        }
    }

    private void addZip(String zipName, Path path) throws IOException {
        int problemsBefore = problems.size(); // another part's problems say nothing of this archive
        ZipFile zip;
        try {
            zip = openZip(path);
        } catch (ZipException e) {
            problems.add(ImportError.ofFile(zipName, "This is not a readable .zip archive."));
            return;
        }
        open.add(zip);
        if (zip.size() > MAX_ZIP_ENTRIES) {
            problems.add(ImportError.ofFile(zipName, "The archive holds " + zip.size()
                    + " entries; an import zip holds only the seven CSV files."));
            return;
        }
        int csvs = 0;
        String folder = commonFolder(zip);
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (skipped(entry)) {
                continue;
            }
            String label = zipName + "/" + entry.getName();
            String entryName = entry.getName().replace('\\', '/').substring(folder.length());
            if (EXPORT_EXTRAS.contains(entryName.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String lower = entryName.toLowerCase(Locale.ROOT);
            if (lower.equals(HEALTH_MODEL) || lower.equals(SETTINGS)) {
                if ((lower.equals(HEALTH_MODEL) ? healthModel : settings) != null) {
                    // as a CSV kind sent twice: which one should win is the person's to say
                    problems.add(ImportError.ofFile(label, entryName + " appears twice in this import: keep one."));
                    continue;
                }
                String text = json(zip, entry, label, lower.equals(HEALTH_MODEL) ? "A health model" : "Settings");
                if (lower.equals(HEALTH_MODEL)) {
                    healthModel = text;
                } else {
                    settings = text;
                }
                continue;
            }
            if (entryName.indexOf('\0') >= 0) {
                problems.add(ImportError.ofFile(label, "The name of this file in the zip holds U+0000 (a NUL"
                        + " character), which no name may hold: rename it and make the zip again."));
                continue;
            }
            if (entryName.contains("/")) {
                problems.add(ImportError.ofFile(label, "Files inside folders are not imported: put "
                        + baseName(entryName) + " at the top level of the zip, or all the files in one folder."));
                continue;
            }
            if (ImportKind.ofFileName(entryName).isEmpty()) {
                problems.add(ImportError.ofFile(label, "Unexpected file in the zip: it may hold only "
                        + ImportKind.fileNames() + "."));
                continue;
            }
            if (entry.getSize() > maxFileBytes) {
                throw new ImportTooLargeException(entryName, maxFileBytes);
            }
            csvs++;
            addCsv(entryName, label, entry.getSize(),
                    () -> new LimitedInputStream(entryData(zip, entry, label), entryName, maxFileBytes,
                            entry.getCompressedSize()));
        }
        if (csvs == 0 && problems.size() == problemsBefore) {
            problems.add(ImportError.ofFile(zipName, "The archive holds no CSV file to import."));
        }
    }

    /**
     * A zip entry's content. The archive's directory was readable, but the entry's own data may still be
     * damaged: that is the upload's problem, reported as an unreadable archive, not a failure of ours.
     */
    private static InputStream entryData(ZipFile zip, ZipEntry entry, String label) throws IOException {
        try {
            return new FilterInputStream(zip.getInputStream(entry)) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (ZipException | EOFException e) {
                        throw damaged(label, e);
                    }
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    try {
                        return super.read(buffer, offset, length);
                    } catch (ZipException | EOFException e) {
                        throw damaged(label, e);
                    }
                }
            };
        } catch (ZipException e) {
            throw damaged(label, e);
        }
    }

    private static ImportFile.Unreadable damaged(String label, IOException cause) {
        return new ImportFile.Unreadable(ImportError.ofFile(label, "This is not a readable .zip archive: the data of"
                + " this file in it is damaged and cannot be unpacked. Make the zip again."), cause);
    }

    /** Folders (a Windows tool's end in a backslash), and what macOS adds ({@code __MACOSX/…}, .DS_Store). */
    private static boolean skipped(ZipEntry entry) {
        String name = entry.getName();
        return entry.isDirectory() || name.endsWith("\\") || IGNORED_PREFIXES.stream().anyMatch(name::startsWith)
                || baseName(name).equals(".DS_Store");
    }

    /**
     * The one folder every file of the zip sits in, directly ({@code export/} when a folder was zipped whole, as
     * macOS's Compress and {@code zip -r} do; Windows PowerShell 5's Compress-Archive writes {@code export\\}), or ""
     * when they are at the top level or spread over folders.
     */
    private static String commonFolder(ZipFile zip) {
        String folder = null;
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName().replace('\\', '/');
            int slash = name.indexOf('/');
            if (skipped(entry)) {
                continue;
            }
            if (slash <= 0 || name.indexOf('/', slash + 1) >= 0
                    || folder != null && !folder.equals(name.substring(0, slash + 1))) {
                return "";
            }
            folder = name.substring(0, slash + 1);
        }
        return folder == null ? "" : folder;
    }

    private static String baseName(String name) {
        String n = name == null ? "" : name;
        int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        return n.substring(cut + 1);
    }

    @Override
    public void close() {
        for (ZipFile zip : open) {
            try {
                zip.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
        open.clear();
    }
}
