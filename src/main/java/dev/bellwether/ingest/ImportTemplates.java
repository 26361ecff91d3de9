package dev.bellwether.ingest;

/**
 * The downloadable template of each import kind: its header and one example row, all seven naming
 * the same example account, so the seven templates uploaded together as they are make a valid import.
 */
final class ImportTemplates {

    private ImportTemplates() {
    }

    /** The template file: the header line, then the example row. */
    static String of(ImportKind kind) {
        return kind.headerLine() + "\n" + example(kind) + "\n";
    }

    /** One example row, in the header's column order. */
    static String example(ImportKind kind) {
        return switch (kind) {
            case ACCOUNTS -> "ACC-0001,Acme Robotics,Mid-Market,Manufacturing,Growth,jane.doe@example.com,2024-03-15,"
                    + "2027-03-15,50,2024-04-02";
            case MRR -> "ACC-0001,2025-10,1250.00";
            case USAGE -> "ACC-0001,user-042,2025-10-14,reports,37";
            case SURVEYS -> "SRV-0001,ACC-0001,2025-10-20,NPS,9,Quick answers from support";
            case TICKETS -> "TCK-0001,ACC-0001,2025-10-03T09:15:00Z,2025-10-03T10:02:00Z,2025-10-04T16:30:00Z,"
                    + "high,false";
            case ACTIVITIES -> "ACT-0001,ACC-0001,2025-10-08,QBR,jane.doe@example.com";
            case OPPORTUNITIES -> "OPP-0001,ACC-0001,expansion,6000.00,open,2026-12-15";
        };
    }
}
