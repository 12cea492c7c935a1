// A small CDK app, synthesised by tests/e2e_cdk.rs: a REST API from an OpenAPI file asset
// (`SpecRestApi`, `ApiDefinition.fromAsset`) and an HTTP API whose body is written inline
// (`CfnApi`). `node app.js OUTDIR` writes the cloud assembly into OUTDIR; nothing is looked up
// (no `env`, no context), so synthesis needs no network and no AWS account.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const apigateway = require('aws-cdk-lib/aws-apigateway');
const apigatewayv2 = require('aws-cdk-lib/aws-apigatewayv2');

const outdir = process.argv[2];
if (!outdir) {
  throw new Error('usage: node app.js OUTDIR');
}
const app = new cdk.App({ outdir });
const stack = new cdk.Stack(app, 'ShopStack');

new apigateway.SpecRestApi(stack, 'ShopApi', {
  apiDefinition: apigateway.ApiDefinition.fromAsset(path.join(__dirname, 'shop.yaml')),
  failOnWarnings: true,
});

new apigatewayv2.CfnApi(stack, 'OrdersApi', {
  name: 'orders',
  failOnWarnings: true,
  body: {
    openapi: '3.0.1',
    info: { title: 'orders', version: '1' },
    paths: {
      '/orders/{id}': {
        get: {
          'x-amazon-apigateway-integration': {
            type: 'http_proxy',
            httpMethod: 'GET',
            uri: 'https://orders.example.com/orders/{id}',
            payloadFormatVersion: '1.0',
          },
        },
      },
      '/orders/{orderId}': {
        put: {
          'x-amazon-apigateway-integration': {
            type: 'http_proxy',
            httpMethod: 'PUT',
            uri: 'https://orders.example.com/orders/{orderId}',
            payloadFormatVersion: '1.0',
          },
        },
      },
    },
  },
});

app.synth();
