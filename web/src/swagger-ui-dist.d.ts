declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  interface SwaggerUI {
    specActions: { updateSpec(spec: string): void };
  }
  const SwaggerUIBundle: (options: Record<string, unknown>) => SwaggerUI;
  export default SwaggerUIBundle;
}
