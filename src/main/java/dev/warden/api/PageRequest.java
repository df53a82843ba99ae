package dev.warden.api;

/** Paging parameters: page from 1, pageSize from 1 to 200 (larger is clamped). */
public record PageRequest(int page, int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 25;
    public static final int MAX_PAGE_SIZE = 200;

    public static PageRequest from(QueryParams params) {
        int page = params.integer("page", 1);
        int pageSize = params.integer("pageSize", DEFAULT_PAGE_SIZE);
        if (page < 1) {
            throw ApiException.badRequest("page must be 1 or more");
        }
        if (pageSize < 1) {
            throw ApiException.badRequest("pageSize must be 1 or more");
        }
        return new PageRequest(page, Math.min(pageSize, MAX_PAGE_SIZE));
    }

    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    public <T> Page<T> page(java.util.List<T> results, long total) {
        return new Page<>(page, pageSize, results, total);
    }
}
