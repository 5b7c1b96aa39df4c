export { CatalogFollower, type CatalogFollowerOptions } from './catalog-follower.ts';
