// @marquee/catalog-store: the one adapter of the `catalog` container.
export {
  CatalogRepository,
  type CatalogDocType,
  type CatalogRepositoryOptions,
  type DeleteMode,
  type InvalidDocument,
} from './catalog-repository.ts';
export { invalidDocumentReporter } from './invalid-documents.ts';
