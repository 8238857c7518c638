-- The columns that search filters and facets read, beside the id, so that PostgreSQL can
-- answer them from the index (index-only scans) instead of the wide documents rows.
CREATE INDEX documents_facets ON documents (id) INCLUDE (source, language, published);
