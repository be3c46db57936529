/**
 * The resource model every stage of the data flow speaks: identities, resources as loaded from Git,
 * resources as recorded in the Poros DB, problems, and the status vocabularies. Depends on no other
 * Poros package.
 */
package dev.poros.model;
