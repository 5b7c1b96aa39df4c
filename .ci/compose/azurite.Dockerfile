# CI stand-in for mcr.microsoft.com/azure-storage/azurite: Azurite from npm (installed by the host, which has the
# registry at hand) on the node stand-in, laid out as the official image is (/opt/azurite, data in /data).
FROM node:24-slim
COPY azurite/ /opt/azurite/
RUN for bin in azurite azurite-blob azurite-queue azurite-table; do \
      ln -s /opt/azurite/node_modules/.bin/$bin /usr/local/bin/$bin; done && mkdir -p /data
WORKDIR /opt/azurite
EXPOSE 10000 10001 10002
CMD ["azurite", "-l", "/data", "--blobHost", "0.0.0.0", "--queueHost", "0.0.0.0", "--tableHost", "0.0.0.0"]
