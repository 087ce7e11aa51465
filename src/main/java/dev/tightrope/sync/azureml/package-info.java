/**
 * Azure Machine Learning as a source: a workspace's registered models and versions, data assets,
 * jobs, online endpoints and deployments, live over Azure Resource Manager with a token from
 * {@link dev.tightrope.sync.azure.AzureClientCredentials} or the environment, or offline from
 * saved {@code az ml … -o json} output.
 */
package dev.tightrope.sync.azureml;
