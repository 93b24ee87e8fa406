/** The file name of Material's (content-hashed) search worker, given by esbuild `define`. */
declare const MATERIAL_SEARCH_WORKER: string;
