package dev.bellwether.workspace;

import jakarta.persistence.Converter;

import dev.bellwether.platform.sql.StoredWordConverter;

/** Stores a {@link TaskStatus} as its word. */
@Converter
public class TaskStatusConverter extends StoredWordConverter<TaskStatus> {

    public TaskStatusConverter() {
        super(TaskStatus.class);
    }
}
