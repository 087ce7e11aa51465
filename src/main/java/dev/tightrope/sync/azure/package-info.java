/**
 * Microsoft Azure authentication without the Azure SDK: Resource Manager tokens by the OAuth 2.0
 * client-credentials grant ({@link dev.tightrope.sync.azure.AzureClientCredentials}), for the
 * Azure Machine Learning connector.
 */
package dev.tightrope.sync.azure;
