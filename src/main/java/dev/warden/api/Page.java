package dev.warden.api;

import java.util.List;

/** One page of results, as every list endpoint answers. */
public record Page<T>(int page, int pageSize, List<T> results, long totalRecords) {}
