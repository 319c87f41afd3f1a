/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "pg", "nodemailer"],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  experimental: {
    // Set on purpose: the wizard sends at most 500 rows and about 1 MB of values per call.
    serverActions: { bodySizeLimit: "2mb" },
  },
};

export default nextConfig;
