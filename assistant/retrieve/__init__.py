"""Finding units: lexical, dense and exact routes, their fusion, the re-rank, the index store."""
